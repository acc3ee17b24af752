/** Network architectures of the standard library (one file per entry). */
import type { NetworkDef } from "../types.js";

export const networks: readonly NetworkDef[] = [];
