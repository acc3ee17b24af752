/** Types of bin/dist-state.js (plain JavaScript, run before anything is compiled). */
export declare const SOURCES: readonly string[];
export declare const STAMP: string;
export declare function distState(root: string): "fresh" | "stale" | "missing";
