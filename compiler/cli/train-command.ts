/**
 * `disc train SPEC [--steps N] [--out DIR] [--backend B] [--resume] [--seed S] [--quiet]`:
 * compiles the spec, writes the exact program into the run directory, imports it and calls its
 * `train()` in this process.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "../index.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import type { BackendName, RunResult, TrainOptions } from "../../runtime/index.js";
import { CliError } from "./errors.js";
import { moduleSpecifier, prepareSpec } from "../extend/prepare.js";
import { sortDiagnostics } from "../diagnostics/make.js";
import {
  ensureModuleScope,
  ensureWritableDir,
  nonNegativeInt,
  positiveInt,
  readSpec,
} from "./files.js";

export interface TrainFlags {
  steps?: string;
  out?: string;
  backend: string;
  resume: boolean;
  seed?: string;
  quiet: boolean;
  eval: boolean;
}

const BACKENDS = ["auto", "tensorflow", "wasm", "cpu"];

/** Runs `disc train`; returns the exit code. Throws CliError for bad flags, files or run directories. */
export async function runTrain(spec: string, flags: TrainFlags): Promise<number> {
  if (!BACKENDS.includes(flags.backend)) {
    throw new CliError(`--backend expects one of ${BACKENDS.join(", ")}, got \`${flags.backend}\``);
  }
  const steps = flags.steps === undefined ? undefined : positiveInt("--steps", flags.steps);
  const seed = flags.seed === undefined ? undefined : nonNegativeInt("--seed", flags.seed);
  const text = readSpec(spec);
  const prepared = await prepareSpec(text, spec);
  const result = await compile(text, spec, {
    overrides: { steps, seed },
    ...(prepared.registry ? { registry: prepared.registry } : {}),
    resolveModule: (usePath, model) =>
      moduleSpecifier(usePath, spec, flags.out ?? join("runs", model)),
  });
  const diagnostics = sortDiagnostics([...prepared.diagnostics, ...result.diagnostics]);
  if (diagnostics.length > 0) {
    process.stderr.write(
      renderDiagnostics(diagnostics, text, spec, { color: process.stderr.isTTY === true }) + "\n",
    );
  }
  if (!result.ir || diagnostics.some((d) => d.severity === "error")) return 1;
  const program = Object.values(result.files)[0];
  if (program === undefined) throw new CliError(`${spec}: nothing to train`);

  const outDir = resolve(flags.out ?? join("runs", result.ir.name));
  ensureWritableDir(outDir);
  ensureModuleScope(outDir);
  const trainerPath = join(outDir, "trainer.ts");
  const hasCheckpoint = existsSync(join(outDir, "checkpoints"));
  if (flags.resume && !hasCheckpoint) throw new CliError(`${outDir}: no checkpoint to resume from`);
  if (!flags.resume && hasCheckpoint) {
    throw new CliError(
      `${outDir}: already holds a run; pass --resume to continue it or --out for a new directory`,
    );
  }
  if (flags.resume && existsSync(trainerPath) && readFileSync(trainerPath, "utf8") !== program) {
    const oldSteps = await onlyStepsChanged(outDir, readFileSync(trainerPath, "utf8"), (s) =>
      compile(text, spec, {
        overrides: { steps: s, seed },
        ...(prepared.registry ? { registry: prepared.registry } : {}),
        resolveModule: (usePath, model) =>
          moduleSpecifier(usePath, spec, flags.out ?? join("runs", model)),
      }).then((r) => Object.values(r.files)[0]),
    );
    if (oldSteps === undefined) {
      throw new CliError(
        `${outDir}: the spec changed since this run started; train into a new --out directory`,
      );
    }
    if (!flags.quiet) {
      process.stderr.write(
        `extending ${outDir} from ${oldSteps} to ${result.ir.train.steps.value} steps (nothing else changed)\n`,
      );
    }
  }
  writeFileSync(`${trainerPath}.tmp`, program);
  renameSync(`${trainerPath}.tmp`, trainerPath);

  const trainer = (await import(pathToFileURL(trainerPath).href)) as {
    train: (options: TrainOptions) => Promise<RunResult>;
  };
  const backend = flags.backend as BackendName;
  const run = await trainer.train({
    outDir,
    resume: flags.resume,
    backend,
    quiet: flags.quiet,
    evaluate: flags.eval,
  });
  process.stdout.write(summary(run));
  return 0;
}

/** The lines printed after a run: where it is, speed, last losses, and the headline metrics. */
function summary(run: RunResult): string {
  const terms = Object.entries(run.last)
    .map(([k, v]) => `${k} ${v.toFixed(3)}`)
    .join(", ");
  const lines = [
    `run directory: ${run.outDir}`,
    `trained ${run.steps} steps in ${run.seconds.toFixed(1)} s (${run.stepsPerSecond.toFixed(2)} steps/s)`,
    `last: ${terms}`,
  ];
  const evaluation = join(run.outDir, "evaluation.json");
  if (existsSync(evaluation)) {
    const metrics = JSON.parse(readFileSync(evaluation, "utf8")) as Record<
      string,
      { value: number; variant: string }
    >;
    for (const [name, m] of Object.entries(metrics))
      lines.push(`${name}: ${m.value.toFixed(4)} (${m.variant})`);
  }
  lines.push(
    `open ${join(run.outDir, "report.html")} for curves, traversals and reconstructions`,
    "",
  );
  return lines.join("\n");
}

/**
 * When a resumed run's program differs from the new one only in the step count, returns the old
 * step count (read from the run's config.json), else undefined. `recompile(steps)` compiles the
 * spec with that step override (undefined = the spec's own value).
 */
async function onlyStepsChanged(
  outDir: string,
  oldProgram: string,
  recompile: (steps: number | undefined) => Promise<string | undefined>,
): Promise<number | undefined> {
  let train: { steps?: { value?: unknown; from?: unknown } } | undefined;
  try {
    const config = JSON.parse(readFileSync(join(outDir, "config.json"), "utf8")) as {
      spec?: { train?: typeof train };
    };
    train = config.spec?.train;
  } catch {
    return undefined;
  }
  const old = train?.steps;
  if (typeof old?.value !== "number") return undefined;
  const again = await recompile(old.from === "command line" ? old.value : undefined);
  return again === oldProgram ? old.value : undefined;
}
