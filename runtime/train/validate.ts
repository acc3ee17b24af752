/** Checks a TrainerSpec and RunOptions before training, with one clear message per problem. */
import * as tf from "@tensorflow/tfjs";
import type { RunOptions, TrainerSpec } from "./loop.js";

/** Throws an Error listing every invalid field of `spec` / `opts`. */
export function validateSpec(spec: TrainerSpec, opts: RunOptions): void {
  const errs: string[] = [];
  const int = (name: string, v: unknown, min: number) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < min)
      errs.push(`${name} must be an integer ≥ ${min}, got ${String(v)}`);
  };
  int("steps", opts.steps ?? spec.steps, 0);
  int("logEvery", spec.logEvery, 1);
  int("checkpointEvery", spec.checkpointEvery, 0);
  if (typeof spec.seed !== "number" || !Number.isFinite(spec.seed))
    errs.push(`seed must be a finite number, got ${String(spec.seed)}`);
  if (typeof spec.clipNorm !== "number" || !(spec.clipNorm >= 0))
    errs.push(`clipNorm must be ≥ 0 (0 = off), got ${String(spec.clipNorm)}`);
  if (!spec.networks || Object.keys(spec.networks).length === 0)
    errs.push("networks must name at least one network");
  else
    for (const [k, n] of Object.entries(spec.networks))
      if (!(n instanceof tf.LayersModel)) errs.push(`networks.${k} is not a tf.LayersModel`);
  if (!(spec.optimizer instanceof tf.Optimizer)) errs.push("optimizer must be a tf.Optimizer");
  if (!spec.data?.dataset) errs.push("data.dataset is missing");
  int("data.batchSize", spec.data?.batchSize, 1);
  if (typeof spec.loss !== "function") errs.push("loss must be a function");
  if (!opts.outDir) errs.push("outDir is required");
  if (errs.length)
    throw new Error(`invalid trainer spec '${spec?.name ?? "?"}':\n  - ${errs.join("\n  - ")}`);
}
