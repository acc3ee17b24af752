/**
 * `disc train SPEC [--steps N] [--out DIR] [--backend B] [--resume] [--resume-from STEP]
 * [--seed S] [--model NAME] [--set K=V]… [--force] [--quiet] [--no-eval]`: compiles the spec (the
 * model `--model` names, or its only one), takes the run
 * directory's lock, writes run.json, the exact program (trainer.ts) and the resolved spec it reads
 * (`<model>.spec.json`) into the run directory, imports it and
 * calls its `train()` in this process. Data paths in the spec are relative to the spec's folder
 * (DISC_DATA_DIR, runtime/data/load.ts). Exit codes: 0 finished, 1 an error (run.json "failed"
 * once the run started), 130 / 143 interrupted by SIGINT / SIGTERM (checkpoint written, resumable).
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "../index.js";
import { importTypeScript } from "../../runtime/ts-imports.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import type { BackendName, RunResult, TrainOptions } from "../../runtime/index.js";
import { CliError, describeError } from "./errors.js";
import { moduleSpecifier, prepareSpec } from "../extend/prepare.js";
import { sortDiagnostics } from "../diagnostics/make.js";
import {
  ensureModuleScope,
  ensureWritableDir,
  nonNegativeInt,
  positiveInt,
  readSpec,
} from "./files.js";
import {
  inspectRunDir,
  newRunMarker,
  specIdentity,
  writeRunMarker,
  type RunMarker,
} from "./run-dir.js";
import { acquireRunLock, commandLine } from "./run-lock.js";
import { parseSetFlags, setFlagsOf } from "./set-flag.js";
import { planResume, runFilesOf } from "./train-resume.js";
import { divergedHint, summary } from "./train-output.js";
import { TrainSession } from "./train-session.js";

export interface TrainFlags {
  steps?: string;
  out?: string;
  backend: string;
  resume: boolean;
  /** `--resume-from STEP`: resume from this checkpoint instead of the latest (implies --resume). */
  resumeFrom?: string;
  seed?: string;
  /** `--model NAME`: the model to train when the file declares several. */
  model?: string;
  /** `--set NAME=VALUE` flags, in order. */
  set?: string[];
  /** Write into a non-empty directory that is not a disc run. */
  force?: boolean;
  quiet: boolean;
  eval: boolean;
}

const BACKENDS = ["auto", "tensorflow", "wasm", "cpu"];
const note = (line: string) => void process.stderr.write(`${line}\n`);

/** Runs `disc train`; returns the exit code. Throws CliError for bad flags, files or run directories. */
export async function runTrain(spec: string, flags: TrainFlags): Promise<number> {
  if (!BACKENDS.includes(flags.backend)) {
    throw new CliError(`--backend expects one of ${BACKENDS.join(", ")}, got \`${flags.backend}\``);
  }
  const steps = flags.steps === undefined ? undefined : positiveInt("--steps", flags.steps);
  const seed = flags.seed === undefined ? undefined : nonNegativeInt("--seed", flags.seed);
  const fromStep =
    flags.resumeFrom === undefined ? undefined : positiveInt("--resume-from", flags.resumeFrom);
  if (fromStep !== undefined) flags = { ...flags, resume: true };
  const params = parseSetFlags(flags.set);
  const text = readSpec(spec);
  const prepared = await prepareSpec(text, spec);
  const compileAs = (fileName: string, s: number | undefined) =>
    compile(text, fileName, {
      overrides: { steps: s, seed },
      params,
      ...(flags.model !== undefined ? { model: flags.model } : {}),
      ...(prepared.registry ? { registry: prepared.registry } : {}),
      resolveModule: (usePath, model) =>
        moduleSpecifier(usePath, spec, flags.out ?? join("runs", model)),
    });
  const result = await compileAs(spec, steps);
  const diagnostics = sortDiagnostics([...prepared.diagnostics, ...result.diagnostics]);
  if (diagnostics.length > 0) {
    process.stderr.write(
      renderDiagnostics(diagnostics, text, spec, { color: process.stderr.isTTY === true }) + "\n",
    );
  }
  if (!result.ir || diagnostics.some((d) => d.severity === "error")) return 1;
  let files = runFilesOf(result.files);
  if (files === undefined) throw new CliError(`${spec}: nothing to train`);
  const ir = result.ir;
  const outDir = resolve(flags.out ?? join("runs", ir.name));
  let identity = specIdentity(
    text,
    spec,
    (result.ast?.uses ?? []).map((u) => u.path.value),
  );

  // Refuse before touching anything: a missing run to resume, or somebody else's files.
  const before = inspectRunDir(outDir);
  if (flags.resume && before.kind === "missing")
    throw new CliError(`${outDir}: no such run directory; nothing to resume`);
  if (flags.resume && before.kind !== "run")
    throw new CliError(`${outDir}: not a run directory written by disc train; nothing to resume`);
  if (before.kind === "foreign" && !flags.force) {
    const shown = before.entries.slice(0, 3).join(", ") + (before.entries.length > 3 ? ", …" : "");
    throw new CliError(
      `${outDir} is not empty and is not a disc run directory (it holds ${shown}); choose a new --out, or pass --force to write into it anyway`,
    );
  }
  const created = before.kind === "missing";
  ensureWritableDir(outDir);
  const lock = acquireRunLock(outDir, commandLine(), note);
  // until the session below owns the signals, one releases the lock and ends the process
  const early = (sig: NodeJS.Signals) => {
    lock.release();
    process.exit(sig === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", early);
  process.on("SIGTERM", early);
  let marker: RunMarker;
  let resumeFrom = false;
  try {
    const state = inspectRunDir(outDir); // again, under the lock
    const old = state.kind === "run" ? state.marker : undefined;
    let step = 0;
    if (flags.resume) {
      const plan = await planResume({
        outDir,
        marker: old,
        specFile: spec,
        files,
        steps,
        ir,
        ...(fromStep !== undefined ? { resumeFrom: fromStep } : {}),
        identity,
        compileAs: async (f, s) => runFilesOf((await compileAs(f, s)).files),
        note,
      });
      ({ files, step } = plan);
      identity = { ...identity, file: plan.specFile };
      resumeFrom = plan.fromCheckpoint;
    } else if (state.kind === "run" && state.hasCheckpoints) {
      throw new CliError(
        `${outDir}: already holds a run; pass --resume to continue it or --out for a new directory`,
      );
    }
    const fields = {
      model: ir.name,
      spec: identity,
      params,
      seed: ir.train.seed.value,
      steps: ir.train.steps.value,
    };
    const base = resumeFrom && old ? { ...old, ...fields } : newRunMarker(fields);
    marker = writeRunMarker(outDir, {
      ...base,
      status: "running",
      step,
      exitCode: null,
      signal: undefined,
      error: undefined,
    });
    ensureModuleScope(outDir);
    // the resolved spec first: the trainer reads it from beside itself
    const written: [string, string][] = [
      ...Object.entries(files.sidecars),
      ["trainer.ts", files.program],
    ];
    for (const [name, text] of written) {
      const path = join(outDir, name);
      writeFileSync(`${path}.tmp`, text);
      renameSync(`${path}.tmp`, path);
    }
  } catch (error) {
    lock.release();
    if (created) rmSync(outDir, { recursive: true, force: true });
    throw error;
  } finally {
    process.off("SIGINT", early);
    process.off("SIGTERM", early);
  }

  const again = ["train", spec, "--out", outDir, "--resume"];
  if (flags.steps !== undefined) again.push("--steps", flags.steps);
  if (flags.seed !== undefined) again.push("--seed", flags.seed);
  if (flags.model !== undefined) again.push("--model", flags.model);
  again.push(...setFlagsOf(params));
  if (flags.backend !== "auto") again.push("--backend", flags.backend);
  if (!flags.eval) again.push("--no-eval");
  const session = new TrainSession(outDir, marker, lock, commandLine(again));
  process.env["DISC_DATA_DIR"] = dirname(resolve(spec)); // data paths are relative to the spec
  try {
    const trainer = (await importTypeScript(pathToFileURL(join(outDir, "trainer.ts")).href)) as {
      train: (options: TrainOptions) => Promise<RunResult>;
    };
    const hooks = session.runOptions();
    let trainedAt: number | undefined; // when the loop ended: the rest is pictures and metrics
    const run = await trainer.train({
      outDir,
      resume: resumeFrom,
      backend: flags.backend as BackendName,
      quiet: flags.quiet,
      evaluate: flags.eval,
      ...hooks,
      onTrained: (result) => {
        trainedAt = performance.now();
        hooks.onTrained?.(result);
      },
    });
    session.finish("finished", 0, { step: run.steps });
    const after = trainedAt === undefined ? undefined : (performance.now() - trainedAt) / 1000;
    process.stdout.write(summary(run, after));
    return 0;
  } catch (error) {
    const { isTrainingInterrupted } = await import("../../runtime/train/interrupt.js");
    if (isTrainingInterrupted(error) && error.reason !== "abort")
      return session.interrupted(error.reason, error.result.steps);
    session.finish("failed", 1, { error: describeError(error).line });
    if (error instanceof Error && error.name === "TrainingDiverged")
      throw new CliError(divergedHint(error.message, again, outDir));
    throw error;
  }
}
