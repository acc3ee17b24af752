/**
 * Small helpers that generated trainers call: feature concatenation, label access, term state
 * creation, the standalone entry point. Public API of `disc/runtime`.
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { ArgValue, ModelInfo, PenaltyDef, TermState } from "../stdlib/types.js";
import type { Batch } from "./data/types.js";
import type { RunOptions, RunResult } from "./train/index.js";
import { UserError } from "./errors.js";
import { isTrainingInterrupted } from "./train/interrupt.js";
import type { BackendName } from "./backend/select.js";

/** Options of a generated program's `train()`: the run options plus the backend to use. */
export type TrainOptions = RunOptions & {
  /** "auto" (default) | "tensorflow" | "wasm" | "cpu". */
  readonly backend?: BackendName;
  /** Score the spec's metrics after training (default true); pictures are always drawn. */
  readonly evaluate?: boolean;
};

/**
 * Flattens each tensor to [B, n_i] and concatenates along the last axis: [B, Σ n_i].
 * Throws when batch sizes differ.
 */
export function concatFeatures(parts: readonly tf.Tensor[]): tf.Tensor2D {
  const b = parts[0]?.shape[0] ?? 0;
  const flat = parts.map((p) => {
    if (p.shape[0] !== b) throw new Error(`cannot concatenate batches of ${b} and ${p.shape[0]}`);
    return p.reshape([b, -1]) as tf.Tensor2D;
  });
  return tf.concat(flat, 1);
}

/** The labels / factors of a batch, [B, K]. Throws when the data set has none. */
export function labels(batch: Batch): tf.Tensor2D {
  if (!batch.y) throw new Error("this data set has no labels or factors (`y`)");
  return batch.y;
}

/**
 * Creates the own state (networks + optimizer) of a term such as FactorVAE's discriminator.
 * Throws when the entry declares `own` updates but has no `createState` (a stdlib bug).
 */
export function createTermState<A extends Record<string, ArgValue>>(
  entry: PenaltyDef<A>,
  args: A,
  info: ModelInfo,
): TermState {
  if (!entry.createState) throw new Error(`penalty ${entry.name} has no createState()`);
  return entry.createState(args, info);
}

/**
 * Runs `train` when the generated file is the process's entry point
 * (`npx tsx model.trainer.ts --out DIR [--steps N] [--backend B] [--resume] [--quiet]`).
 * Does nothing when the file is imported (by `disc train`). An interrupted run (SIGINT, SIGTERM)
 * prints how to resume and sets the exit code to 130 / 143.
 */
export async function runIfMain(
  moduleUrl: string,
  train: (options: TrainOptions) => Promise<RunResult>,
): Promise<void> {
  const entry = process.argv[1];
  if (!entry || pathToFileURL(resolve(entry)).href !== moduleUrl) return;
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      out: { type: "string", default: "runs/run" },
      steps: { type: "string" },
      backend: { type: "string", default: "auto" },
      resume: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      "no-eval": { type: "boolean", default: false },
    },
  });
  let result: RunResult;
  try {
    result = await train({
      outDir: values.out,
      steps: values.steps === undefined ? undefined : decimalSteps(values.steps),
      backend: values.backend as BackendName,
      resume: values.resume,
      quiet: values.quiet,
      evaluate: !values["no-eval"],
    });
  } catch (error) {
    if (!isTrainingInterrupted(error)) throw error;
    const again = [entry, ...process.argv.slice(2).filter((a) => a !== "--resume"), "--resume"];
    console.error(
      `interrupted at step ${error.result.steps}; checkpoint written. Continue with: npx tsx ${again.join(" ")}`,
    );
    process.exitCode = error.exitCode;
    return;
  }
  console.log(
    `run directory: ${result.outDir} (${result.steps} steps, ${result.seconds.toFixed(1)} s)`,
  );
}

/** `--steps` of a generated program: decimal digits only (not "", 0x10 or 1e3). */
function decimalSteps(value: string): number {
  if (!/^\d+$/.test(value) || !(Number(value) > 0))
    throw new UserError(`--steps expects a positive integer (decimal digits), got \`${value}\``);
  return Number(value);
}
