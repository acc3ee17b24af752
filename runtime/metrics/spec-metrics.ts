/**
 * Runs the metrics an `evaluate { metrics: [...] }` block names, with each metric's resolved
 * arguments (samples, seed, representation, factors, variant), and builds the training loop's
 * periodic-evaluation hook (`evaluate every N`). Shared by `finishRun`, `disc eval` and the
 * generated trainers.
 */
import type { Dataset } from "../data/types.js";
import { countingEncode, type EvalProgress } from "./eval-progress.js";
import { evaluateMetrics, METRIC_NAMES } from "./evaluate.js";
import type { EncodeFn } from "./sampling.js";
import type { MetricResult } from "./types.js";

/** One metric as the IR resolves it: a name and `args[k].value`. */
export interface MetricRequest {
  readonly name: string;
  readonly args: Readonly<Record<string, { readonly value: unknown } | undefined>>;
}

/** Every metric of the standard library, in its documentation order (`disc eval --metrics all`). */
export const ALL_METRICS: readonly string[] = METRIC_NAMES;

export interface SpecMetricOptions {
  /**
   * Overrides every metric's sample counts (`disc eval --samples N`, a quicker evaluation):
   * `samples` = N, `test_samples` = ⌈N/2⌉ and `variance_samples` = N; the other args stay.
   */
  readonly samples?: number;
  /** Called after each metric with its result (progress output). */
  readonly onResult?: (name: string, result: MetricResult) => void;
  /** Called after each encoder call within a metric (eval-progress.ts prints long ones). */
  readonly onProgress?: EvalProgress;
}

/**
 * Evaluates each requested metric in order on `dataset` through `encode`, reading the metric's
 * resolved args (every parameter its stdlib entry declares: samples, test_samples, batch,
 * variance_samples, prune_threshold, bins, seed, representation, factors, variant); a missing
 * arg takes the reference default (10,000 / 5,000 points, encoder batch 64, seed 0, posterior
 * mean, every factor, SAP discrete, MIG histogram with 20 bins, FactorVAE prune 0.05).
 * @returns name → MetricResult, in request order
 * @throws Error for an unknown metric, a data set without factors, `mig(variant: continuous)`
 *   with the sample representation, or a bad `samples` value.
 */
export async function evaluateSpecMetrics(
  requests: readonly MetricRequest[],
  dataset: Dataset,
  encode: EncodeFn,
  opts: SpecMetricOptions = {},
): Promise<Record<string, MetricResult>> {
  const unknown = requests.filter((r) => !METRIC_NAMES.includes(r.name)).map((r) => r.name);
  if (unknown.length > 0)
    throw new Error(
      `unknown metric ${unknown.map((n) => `"${n}"`).join(", ")}; valid metrics are ${METRIC_NAMES.join(", ")}.`,
    );
  if (dataset.factorNames.length === 0)
    throw new Error(
      `data set ${dataset.name} has no ground-truth factors to score metrics against`,
    );
  const results: Record<string, MetricResult> = {};
  for (const req of requests) {
    const arg = (k: string): unknown => req.args[k]?.value;
    const num = (k: string): number | undefined => {
      const v = arg(k);
      return typeof v === "number" ? v : undefined;
    };
    const factors = arg("factors");
    // the --samples override scales the test and variance counts with it (see SpecMetricOptions)
    const counts =
      opts.samples !== undefined
        ? { samples: opts.samples }
        : {
            samples: num("samples"),
            testSamples: num("test_samples"),
            varianceSamples: num("variance_samples"),
          };
    const res = await evaluateMetrics({
      names: [req.name],
      dataset,
      encode: opts.onProgress ? countingEncode(encode, req.name, opts.onProgress) : encode,
      representation: arg("representation") === "sample" ? "sample" : "mean",
      ...counts,
      batchSize: num("batch"),
      pruneThreshold: num("prune_threshold"),
      bins: num("bins"),
      seed: num("seed") ?? 0,
      factors: Array.isArray(factors) && factors.length > 0 ? (factors as string[]) : undefined,
      sapVariant: req.name === "sap" && arg("variant") === "continuous" ? "continuous" : "discrete",
      migVariant:
        req.name === "mig" && arg("variant") === "continuous" ? "continuous" : "histogram",
    });
    const r = res[req.name];
    if (r) {
      results[req.name] = r;
      opts.onResult?.(req.name, r);
    }
  }
  return results;
}

/** The training loop's periodic evaluation hook (runtime/train `TrainerSpec.evaluate`). */
export interface PeriodicEvaluation {
  readonly every: number;
  /**
   * Scores the metrics; returns `{ "eval/<name>": value, "eval/<name>/<extra>": value, … }`.
   * `onProgress` hears of each encoder call (long evaluations print progress).
   */
  run(step: number, onProgress?: EvalProgress): Promise<Record<string, number>>;
  /** The results of the latest `run`, with its step (lets `finishRun` reuse the final step's). */
  latest(): { step: number; results: Record<string, MetricResult> } | undefined;
}

/**
 * Builds the hook for `evaluate every N { metrics: [...] }`: every N steps it scores the spec's
 * metrics with their resolved args through `encode` (x [n, H, W, C] → mu, logvar [n, D]).
 * Returns undefined when there is no evaluate block, no metric, N < 1, `enabled` is false
 * (`--no-eval`) or the data set has no factors.
 */
export function periodicEvaluation(
  evaluate:
    | { readonly every: { readonly value: number }; readonly metrics: readonly MetricRequest[] }
    | null
    | undefined,
  dataset: Dataset,
  encode: EncodeFn,
  enabled = true,
): PeriodicEvaluation | undefined {
  if (!enabled || !evaluate || evaluate.metrics.length === 0 || dataset.factorNames.length === 0)
    return undefined;
  const every = evaluate.every.value;
  if (!Number.isInteger(every) || every < 1) return undefined;
  let last: { step: number; results: Record<string, MetricResult> } | undefined;
  return {
    every,
    latest: () => last,
    async run(step, onProgress) {
      const results = await evaluateSpecMetrics(
        evaluate.metrics,
        dataset,
        encode,
        onProgress ? { onProgress } : {},
      );
      last = { step, results };
      const out: Record<string, number> = {};
      for (const [name, r] of Object.entries(results)) {
        out[`eval/${name}`] = r.value;
        for (const [k, v] of Object.entries(r.extra ?? {})) out[`eval/${name}/${k}`] = v;
      }
      return out;
    },
  };
}
