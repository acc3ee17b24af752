/**
 * Running one run of a study: `disc train SPEC --out DIR/runs/<slug> --seed S --model M
 * --set k=v …` in a child process (its output appended to `DIR/logs/<slug>.log`), with the
 * study's state file written before it starts and after it ends. Used by the local pool and by
 * `--index` (SLURM).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { readRunState, writeRunState, type RunState } from "../../runtime/study/state.js";
import { formatParamValue } from "./expand.js";
import type { ResolvedRun } from "./load.js";
import { runDirOf, type RunAction } from "./plan-runs.js";
import { writePytorchProgram } from "./pytorch-run.js";
import { findPython } from "./find-python.js";
import type { RegistryLike } from "../check/types.js";
import { packagePath } from "../package-root.js";

/** How every run of this study is trained. */
export interface ExecuteOptions {
  readonly studyDir: string;
  /** The spec path as given (children run in the same working directory). */
  readonly spec: string;
  /** The model whose study this is (`disc train --model`; a file may declare several). */
  readonly model?: string;
  /** "ts" (`disc train`, the default) or "pytorch" (the compiled PyTorch program). */
  readonly target?: "ts" | "pytorch";
  /** pytorch: the spec's text and registry (each run's program is compiled here). */
  readonly text?: string;
  readonly registry?: RegistryLike;
  /** pytorch: the interpreter and DDP processes per run (`--nproc`). */
  readonly python?: string;
  readonly nproc?: number;
  readonly steps?: number;
  readonly backend?: string;
  /** Wasm threads per run (DISC_WASM_THREADS of the child). */
  readonly threads: number;
}

/** How an attempt ended. */
export interface RunOutcome {
  readonly status: "finished" | "failed" | "interrupted";
  readonly exitCode: number | null;
  readonly seconds: number;
  /** The log's last lines when it failed. */
  readonly error?: string;
}

/** The `disc train` arguments of a run. */
export function trainArgs(run: ResolvedRun, action: RunAction, opts: ExecuteOptions): string[] {
  const args = [
    "train",
    opts.spec,
    "--out",
    runDirOf(opts.studyDir, run.slug),
    "--seed",
    String(run.seed),
  ];
  if (opts.model !== undefined) args.push("--model", opts.model);
  for (const [k, v] of Object.entries(run.config))
    args.push("--set", `${k}=${formatParamValue(v)}`);
  if (opts.steps !== undefined) args.push("--steps", String(opts.steps));
  if (opts.backend !== undefined) args.push("--backend", opts.backend);
  if (action.kind === "resume") args.push("--resume");
  return args;
}

const logPath = (studyDir: string, slug: string): string => join(studyDir, "logs", `${slug}.log`);

function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** The command line of one attempt: `node disc.js train …`, or the run's PyTorch program. */
async function commandOf(
  run: ResolvedRun,
  action: RunAction,
  opts: ExecuteOptions,
): Promise<[string, string[]]> {
  if (opts.target !== "pytorch")
    return [process.execPath, [packagePath("bin", "disc.js"), ...trainArgs(run, action, opts)]];
  const runDir = runDirOf(opts.studyDir, run.slug);
  const entry = await writePytorchProgram(opts.text ?? "", opts.spec, run, runDir, {
    ...(opts.model !== undefined ? { model: opts.model } : {}),
    ...(opts.registry ? { registry: opts.registry } : {}),
    ...(opts.steps !== undefined ? { steps: opts.steps } : {}),
  });
  const args = [entry, "--out", runDir];
  if (action.kind === "resume") args.push("--resume");
  if ((opts.nproc ?? 1) > 1) args.push("--nproc", String(opts.nproc));
  return [opts.python ?? findPython().python, args];
}

/** Sends `signal` to a run's whole process group (its DDP workers included). */
export function signalRun(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/**
 * Starts one attempt of `run`. Resolves to the child (so that signals can be forwarded) and a
 * promise of its outcome; the state file says "running" until the child exits.
 */
export async function startRun(
  run: ResolvedRun,
  action: RunAction,
  opts: ExecuteOptions,
): Promise<{ child: ChildProcess; done: Promise<RunOutcome> }> {
  mkdirSync(join(opts.studyDir, "logs"), { recursive: true });
  const log = logPath(opts.studyDir, run.slug);
  const previous = readRunState(opts.studyDir, run.index);
  const attempts = previous?.status === "finished" ? 0 : (previous?.attempts ?? 0);
  const started = Date.now();
  const base = {
    index: run.index,
    slug: run.slug,
    config: run.config,
    seed: run.seed,
    fingerprint: run.fingerprint,
    configuration: run.configuration,
    host: hostname(),
    pid: process.pid,
    startedAt: new Date(started).toISOString(),
  };
  let command: string;
  let args: string[];
  try {
    [command, args] = await commandOf(run, action, opts);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    appendFileSync(log, `${error}\n`);
    writeRunState(opts.studyDir, {
      ...base,
      status: "failed",
      attempts: attempts + 1,
      exitCode: null,
      seconds: 0,
      endedAt: new Date().toISOString(),
      error,
    });
    throw err;
  }
  const fd = openSync(log, "a");
  const child = spawn(command, args, {
    stdio: ["ignore", fd, fd],
    detached: true,
    env: { ...process.env, DISC_WASM_THREADS: String(opts.threads) },
  });
  closeSync(fd);
  base.pid = child.pid ?? -1;
  writeRunState(opts.studyDir, {
    ...base,
    status: "running",
    attempts,
    exitCode: null,
    seconds: null,
    endedAt: null,
  });
  const done = new Promise<RunOutcome>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      const seconds = (Date.now() - started) / 1000;
      const exitCode = code ?? (signal === "SIGINT" ? 130 : signal === "SIGTERM" ? 143 : null);
      const status: RunOutcome["status"] =
        exitCode === 0
          ? "finished"
          : exitCode === 130 || exitCode === 143
            ? "interrupted"
            : "failed";
      const error = status === "failed" ? tail(log, 8) : undefined;
      const state: RunState = {
        ...base,
        status,
        attempts: status === "failed" ? attempts + 1 : attempts,
        exitCode,
        seconds,
        endedAt: new Date().toISOString(),
        ...(error !== undefined ? { error } : {}),
      };
      writeRunState(opts.studyDir, state);
      resolve({ status, exitCode, seconds, ...(error !== undefined ? { error } : {}) });
    };
    child.on("exit", finish);
    child.on("error", (err) => {
      writeRunState(opts.studyDir, {
        ...base,
        status: "failed",
        attempts: attempts + 1,
        exitCode: null,
        seconds: 0,
        endedAt: new Date().toISOString(),
        error: err.message,
      });
      resolve({ status: "failed", exitCode: null, seconds: 0, error: err.message });
    });
  });
  return { child, done };
}

/** Rewrites run `index`'s state as "interrupted" (its process died of a forwarded signal). */
export function markInterrupted(studyDir: string, index: number): void {
  const state = readRunState(studyDir, index);
  if (state)
    writeRunState(studyDir, {
      ...state,
      status: "interrupted",
      attempts: Math.max(0, state.attempts - 1),
    });
}
