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

/** What a CLI test's tiny spec varies; everything else is fixed (2 latents, seed 0). */
export interface TinySpec {
  /** The data line's call (default `dsprites(batch: 8, size: 32)`). */
  data?: string;
  /** Hidden units of the mlp encoder and decoder (default 16). */
  hidden?: number;
  /** The objective (default `recon(x) + kl(z)`). */
  loss?: string;
  /** The train block's optimizer (default `adam(lr: 1e-3)`). */
  optimizer?: string;
  steps?: number;
  /** More lines of the train block, e.g. `"\n    log_every: 1"`. */
  train?: string;
  /** Blocks after train (e.g. an evaluate block), each line indented two spaces, ending in a newline. */
  after?: string;
}

/** The text of `model tiny` with mlp networks on 32×32 dSprites: trains in a second or two. */
export function tinySpec(o: TinySpec = {}): string {
  const h = o.hidden ?? 16;
  return `model tiny {
  data ${o.data ?? "dsprites(batch: 8, size: 32)"}
  latent z ~ normal(2)
  encoder mlp(hidden: [${h}]): x -> z
  decoder mlp(hidden: [${h}]): z -> x ~ bernoulli
  loss = ${o.loss ?? "recon(x) + kl(z)"}
  train {
    optimizer: ${o.optimizer ?? "adam(lr: 1e-3)"}
    steps: ${o.steps ?? 2}
    seed: 0${o.train ?? ""}
  }
${o.after ?? ""}}
`;
}
