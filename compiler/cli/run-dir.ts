/**
 * What makes a directory a disc run, and its machine-readable state: `DIR/run.json`.
 *
 * `disc train` writes run.json first (atomically: a temp file fsynced, then renamed), before any
 * other file of the run, and keeps it up to date, so a supervisor (`disc study`, a SLURM script)
 * can read where every run stands without parsing logs:
 *
 *   {
 *     "format": 1,                       // this layout
 *     "disc": "0.1.0",                   // disc's version
 *     "model": "beta_vae",
 *     "spec": { "file": "specs/b.dis",   // the path as compiled (the trainer's provenance)
 *               "path": "/abs/specs/b.dis",
 *               "sha256": "…",           // the spec's content
 *               "uses": { "/abs/penalties/x.ts": "sha256…" } },  // each `use` module's content
 *     "params": { "beta": 4 },           // --set values
 *     "seed": 0, "steps": 300000,        // the effective seed and step target
 *     "created": "…", "updated": "…",    // ISO times
 *     "status": "running" | "interrupted" | "failed" | "finished",
 *     "step": 12000,                     // the last step with a complete checkpoint
 *     "exitCode": null | 0 | 1 | 130 | 143,   // null while running
 *     "signal": "SIGINT",                // when interrupted by a signal
 *     "error": "…",                      // when failed: the one-line error
 *     "pid": 4242, "host": "node17"      // the process that last wrote it
 *   }
 *
 * status is "running" from the start (and from each resume) and `step` moves with every
 * checkpoint; "interrupted" (SIGINT 130, SIGTERM 143: resumable), "failed" (exit 1, `error`) and
 * "finished" (exit 0, after the pictures and metrics) are final for that process. A "running"
 * run whose `run.lock` is stale was killed (SIGKILL, power loss) and resumes like an interrupted one.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { replaceFileAtomic } from "../../runtime/checkpoint/fs-atomic.js";
import type { ParamValue } from "../study/types.js";
import { DISC_VERSION } from "../version.js";
import { LOCK_FILE } from "./run-lock.js";

/** The marker file's name inside a run directory. */
export const RUN_FILE = "run.json";

export type RunStatus = "running" | "interrupted" | "failed" | "finished";

/** The content of run.json (see the file comment). */
export interface RunMarker {
  readonly format: 1;
  readonly disc: string;
  readonly model: string;
  readonly spec: {
    readonly file: string;
    readonly path: string;
    readonly sha256: string;
    readonly uses: Readonly<Record<string, string>>;
  };
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly seed: number;
  readonly steps: number;
  readonly created: string;
  readonly updated: string;
  readonly status: RunStatus;
  readonly step: number;
  readonly exitCode: number | null;
  readonly signal?: string;
  readonly error?: string;
  readonly pid: number;
  readonly host: string;
}

/** sha256 of a file's bytes, hex; undefined when it cannot be read. */
function fileSha256(file: string): string | undefined {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return undefined;
  }
}

/** The spec's identity: its content hash and the content hash of every `use` module it resolves. */
export function specIdentity(
  text: string,
  specFile: string,
  usePaths: readonly string[],
): RunMarker["spec"] {
  const uses: Record<string, string> = {};
  for (const p of usePaths) {
    const abs = resolve(dirname(resolve(specFile)), p);
    uses[abs] = fileSha256(abs) ?? "missing";
  }
  return {
    file: specFile,
    path: resolve(specFile),
    sha256: createHash("sha256").update(text, "utf8").digest("hex"),
    uses,
  };
}

/** A fresh marker for a run that is starting now. */
export function newRunMarker(
  fields: Pick<RunMarker, "model" | "spec" | "params" | "seed" | "steps">,
): RunMarker {
  const now = new Date().toISOString();
  return {
    format: 1,
    disc: DISC_VERSION,
    ...fields,
    created: now,
    updated: now,
    status: "running",
    step: 0,
    exitCode: null,
    pid: process.pid,
    host: hostname(),
  };
}

/** run.json of `dir`, or undefined when it is missing or is not a disc marker. */
export function readRunMarker(dir: string): RunMarker | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, RUN_FILE), "utf8")) as Partial<RunMarker>;
    return m && m.format === 1 && typeof m.model === "string" && typeof m.disc === "string"
      ? (m as RunMarker)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Writes run.json atomically, stamping `updated`, this process and host; returns what it wrote. */
export function writeRunMarker(dir: string, marker: RunMarker): RunMarker {
  const out: RunMarker = {
    ...marker,
    updated: new Date().toISOString(),
    pid: process.pid,
    host: hostname(),
  };
  replaceFileAtomic(join(dir, RUN_FILE), `${JSON.stringify(out, null, 2)}\n`);
  return out;
}

/** What a `--out` directory is, as far as starting or resuming a run goes. */
export type RunDirState =
  | { readonly kind: "missing" }
  | { readonly kind: "empty" }
  /** A disc run: run.json, or (before run.json existed) trainer.ts beside checkpoints/. */
  | { readonly kind: "run"; readonly marker?: RunMarker; readonly hasCheckpoints: boolean }
  /** Something else with files in it: the user's. */
  | { readonly kind: "foreign"; readonly entries: readonly string[] };

/** Classifies `dir` without writing anything. The lock's own files do not count as content. */
export function inspectRunDir(dir: string): RunDirState {
  if (!existsSync(dir)) return { kind: "missing" };
  if (!statSync(dir).isDirectory()) return { kind: "foreign", entries: [] };
  const entries = readdirSync(dir).filter((e) => !e.startsWith(LOCK_FILE));
  if (entries.length === 0) return { kind: "empty" };
  const marker = readRunMarker(dir);
  const hasCheckpoints = existsSync(join(dir, "checkpoints"));
  if (marker || (hasCheckpoints && existsSync(join(dir, "trainer.ts"))))
    return { kind: "run", ...(marker ? { marker } : {}), hasCheckpoints };
  return { kind: "foreign", entries };
}
