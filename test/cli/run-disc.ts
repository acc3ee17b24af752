/** Runs the real `bin/disc.js` in a child process from the repository root (CLI tests). */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** `disc ...args`: exit code, stdout and stderr. `cwd` defaults to the repository root. */
export function disc(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return discIn(REPO, ...args);
}

/** `disc ...args` run from `cwd`. */
export function discIn(
  cwd: string,
  ...args: string[]
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO, "bin", "disc.js"), ...args], {
    cwd,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A `disc` child process still running: the process, its output so far, and its end. */
export interface RunningDisc {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  /** Resolves when it exits: the exit code (null when killed by a signal) and the signal. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `disc ...args` from the repository root without waiting for it. */
export function startDisc(...args: string[]): RunningDisc {
  const child = spawn(process.execPath, [join(REPO, "bin", "disc.js"), ...args], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (s: string) => (output.stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (output.stderr += s));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on("close", (code, signal) => res({ code, signal })),
  );
  return { child, output, done };
}

/** Polls `test` every 20 ms until it holds; rejects after `ms`. */
export async function waitFor(test: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`waited ${ms} ms in vain`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
