/**
 * Training one resume-test configuration: compile it into test/.generated/resume/<slug>/trainer.ts
 * (inside the repository, so it imports `disc/runtime` as `disc train`'s trainers do), run it in
 * this process or in a child process that a test SIGKILLs, and read back what a run left: the
 * final checkpoint's bytes and the logged losses.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compile } from "../../compiler/driver.js";
import { moduleSpecifier, prepareSpec } from "../../compiler/extend/prepare.js";
import type { RunResult, TrainOptions } from "../../runtime/index.js";
import type { ResumeConfig } from "./specs.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const OUT = join(REPO, "test", ".generated", "resume");

/** A compiled configuration: where its trainer is, and its train(). */
export interface Compiled {
  readonly dir: string;
  readonly trainer: string;
  train(options: TrainOptions): Promise<RunResult>;
}

/** A folder name for a configuration name. */
export function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** Compiles `c` into OUT/<slug>/trainer.ts (run folders under it are cleared) and imports it. */
export async function compileConfig(c: ResumeConfig): Promise<Compiled> {
  const dir = join(OUT, slug(c.name));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const prepared = await prepareSpec(c.text, c.file);
  const r = await compile(c.text, c.file, {
    ...(prepared.registry ? { registry: prepared.registry } : {}),
    resolveModule: (p) => moduleSpecifier(p, c.file, dir),
  });
  const errors = [...prepared.diagnostics, ...r.diagnostics].filter((d) => d.severity === "error");
  if (errors.length > 0)
    throw new Error(`${c.name}: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  const trainer = join(dir, "trainer.ts");
  // the trainer, as trainer.ts, and the resolved spec it reads from beside itself
  for (const [name, text] of Object.entries(r.files))
    writeFileSync(name.endsWith(".ts") ? trainer : join(dir, name), text);
  const mod = (await import(pathToFileURL(trainer).href)) as Pick<Compiled, "train">;
  return { dir, trainer, train: (o) => mod.train(o) };
}

/** The options every resume-test run uses. */
export const RUN = { backend: "wasm", quiet: true, evaluate: false } as const;

/** What a child process did: its exit code or signal, and its stderr. */
export interface ChildEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Runs the trainer in a child process (`node --import tsx trainer.ts --out DIR`), with
 * `DISC_FAULT` set to `fault` when given; `killWhen` is polled every 10 ms and the child is
 * SIGKILLed once it holds.
 */
export function runChild(
  c: Compiled,
  outDir: string,
  opts: { fault?: string; killWhen?: () => boolean; resume?: boolean },
): Promise<ChildEnd> {
  const args = ["--import", "tsx", c.trainer, "--out", outDir, "--backend", "wasm", "--quiet"];
  args.push("--no-eval", ...(opts.resume ? ["--resume"] : []));
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, ...(opts.fault ? { DISC_FAULT: opts.fault } : {}) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const timer = opts.killWhen
    ? setInterval(() => {
        if (opts.killWhen!()) child.kill("SIGKILL");
      }, 10)
    : undefined;
  return new Promise((resolve) =>
    child.on("close", (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, stderr });
    }),
  );
}

/** Lines of `dir/metrics.jsonl` without their wall-clock `time`. */
export function losses(dir: string): Record<string, unknown>[] {
  const file = join(dir, "metrics.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => {
      const { time: _t, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return rest;
    });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/**
 * What must be equal between two runs that reached `step`: the bytes of every .bin of
 * checkpoints/step-N (weights, optimizer slots, term states), the optimizers' saved scalars, the
 * loop state (rng, stream position, term states) and the logged losses. Names (tfjs numbers layers
 * per process) and elapsed time are left out.
 */
export function finalState(dir: string, step: number): Record<string, unknown> {
  const ckpt = join(dir, "checkpoints", `step-${step}`);
  const out: Record<string, unknown> = {};
  for (const file of filesUnder(ckpt).sort()) {
    const rel = relative(ckpt, file);
    if (file.endsWith(".bin")) out[rel] = readFileSync(file).toString("base64");
    else if (rel === "state.json") {
      const s = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      for (const k of ["elapsed", "files", "sha256"]) delete s[k];
      out[rel] = s;
    } else if (/optimizer|-opt/.test(rel)) {
      const j = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      out[rel] = { className: j["className"], scalars: j["scalars"] };
    }
  }
  out["metrics.jsonl"] = losses(dir);
  return out;
}
