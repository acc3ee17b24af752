/**
 * The study's own record of each run: `DIR/state/<index>.json`, one file per run index, so that
 * SLURM array tasks of one study never write the same file. Written atomically (temp + rename).
 *
 * A run is "missing" (no file), "running" (a process is training it), "interrupted" (stopped by
 * a signal, or its process vanished: resumable), "failed" (exited non-zero; retried once per
 * `disc study` invocation) or "finished" (`disc train` exited 0).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { ParamValue } from "../../compiler/study/types.js";

export type RunStatus = "missing" | "running" | "interrupted" | "failed" | "finished";

/** The content of `state/<index>.json`. */
export interface RunState {
  readonly index: number;
  readonly slug: string;
  readonly config: Readonly<Record<string, ParamValue>>;
  readonly seed: number;
  /** sha256 of the run's resolved configuration (the IR without provenance); see fingerprint.ts. */
  readonly fingerprint: string;
  /** The resolved configuration itself, so that a change can be shown field by field. */
  readonly configuration: unknown;
  readonly status: Exclude<RunStatus, "missing">;
  /** Attempts that ended in "failed" or "finished" since the last success. */
  readonly attempts: number;
  /** The exit code of the last attempt that ended (null while running). */
  readonly exitCode: number | null;
  /** Wall seconds of the last attempt that ended (training, pictures and metrics). */
  readonly seconds: number | null;
  readonly host: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** The last lines the run printed to stderr when it failed. */
  readonly error?: string;
}

/** Path of run `index`'s state file. */
export const statePath = (studyDir: string, index: number): string =>
  join(studyDir, "state", `${index}.json`);

/** Writes run `state.index`'s state file atomically. */
export function writeRunState(studyDir: string, state: RunState): void {
  mkdirSync(join(studyDir, "state"), { recursive: true });
  const path = statePath(studyDir, state.index);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + "\n");
  renameSync(tmp, path);
}

/** True when process `pid` exists on this host (signal 0; EPERM counts as alive). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Reads run `index`'s state; undefined when there is none or it is unreadable. A "running" state
 * whose process is gone (same host, pid dead) reads as "interrupted".
 */
export function readRunState(studyDir: string, index: number): RunState | undefined {
  let s: RunState;
  try {
    s = JSON.parse(readFileSync(statePath(studyDir, index), "utf8")) as RunState;
  } catch {
    return undefined;
  }
  if (s.status === "running" && s.host === hostname() && !processAlive(s.pid)) {
    return { ...s, status: "interrupted" };
  }
  return s;
}
