/**
 * `evaluateMetrics`: scores an encoder on a data set with ground-truth factors. Factors are
 * sampled uniformly and rendered (`observationsFromFactors`) when the data set can, otherwise
 * examples are sampled by index; nothing needs the full factorial set or an order.
 */
import type { Dataset } from "../data/types.js";
import { metrics } from "../../stdlib/metrics/index.js";
import type { MetricDef } from "../../stdlib/types.js";
import { datasetSource, type EncodeFn, type RepresentationSource } from "./sampling.js";
import type { SapVariant } from "./sap.js";
import type { MigVariant, RunContext } from "./run-context.js";
import type { MetricResult } from "./types.js";

export interface EvaluateOptions {
  /** metric names: mig, sap, dci, modularity, explicitness, beta_vae_score, factor_vae_score, gaussian_tc */
  names: string[];
  dataset: Dataset;
  /** x float32 [n, H, W, C] in [0, 1] → mu, logvar float32 [n, dim] */
  encode: EncodeFn;
  /** "mean" (default, as dlib) or "sample" */
  representation?: "mean" | "sample";
  /** train points per metric (`samples`); default the reference 10,000 */
  samples?: number;
  /** held-out points (`test_samples`); default ⌈samples/2⌉, or the reference 5,000 */
  testSamples?: number;
  /** evaluation seed (default 0, as dlib); each metric restarts from it */
  seed?: number;
  /**
   * Images per encode call (default 64); for beta_vae_score and factor_vae_score also their
   * `batch` (pairs per point / points per vote), which dlib encodes one batch per call.
   */
  batchSize?: number;
  /** factor_vae_score's `variance_samples` (default: the train count) */
  varianceSamples?: number;
  /** factor_vae_score's `prune_threshold`, a std in code units (default 0.05) */
  pruneThreshold?: number;
  /** `bins` of mig (histogram variant) and modularity (default 20) */
  bins?: number;
  /** the factor set, as factor names or indices; default every factor with more than one value */
  factors?: (string | number)[];
  /** SAP variant (default "discrete", the dlib default) */
  sapVariant?: SapVariant;
  /** MIG variant (default "histogram", dlib's estimator with `bins` bins; "continuous": Chen et al. 2018) */
  migVariant?: MigVariant;
}

/** A hint to append when the caller chose the sample count: more points may fix it. */
const tooFew = (samples: number | undefined): string =>
  samples === undefined ? "" : `; try more samples than ${samples}`;

/** The metric names `evaluateMetrics` knows. */
export const METRIC_NAMES: readonly string[] = metrics.map((m) => m.name);

/** The stdlib metric entries by name: each holds its runner (MetricDef.run). */
const RUNNERS: Readonly<Record<string, MetricDef["run"]>> = Object.fromEntries(
  metrics.map((m) => [m.name, m.run]),
);

/** Resolves a factor set given by names or indices to indices. */
export function resolveFactorSet(
  dataset: Pick<Dataset, "factorNames" | "factorSizes">,
  factors?: (string | number)[],
): number[] {
  if (factors === undefined) return dataset.factorSizes.flatMap((s, j) => (s > 1 ? [j] : []));
  return factors.map((f) => {
    const j = typeof f === "number" ? f : dataset.factorNames.indexOf(f);
    if (!Number.isInteger(j) || j < 0 || j >= dataset.factorSizes.length) {
      throw new RangeError(
        `unknown factor ${JSON.stringify(f)}; the data set's factors are ${dataset.factorNames.join(", ") || "(none)"}.`,
      );
    }
    return j;
  });
}

/**
 * Evaluates each named metric (in the given order) with the same seed.
 * @returns name → MetricResult
 * @throws Error for an unknown metric name (listing the valid ones), a data set without factors
 *   for a supervised metric, or an encoder returning malformed output.
 */
export async function evaluateMetrics(
  opts: EvaluateOptions,
): Promise<Record<string, MetricResult>> {
  const unknown = opts.names.filter((n) => !(n in RUNNERS));
  if (unknown.length > 0)
    throw new Error(
      `unknown metric ${unknown.map((n) => `"${n}"`).join(", ")}; valid metrics are ${METRIC_NAMES.join(", ")}.`,
    );
  const representation = opts.representation ?? "mean";
  const migVariant = opts.migVariant ?? "histogram";
  const continuous = migVariant === "continuous" && opts.names.includes("mig");
  if (continuous && representation === "sample") {
    throw new Error(
      "mig(variant: continuous) uses the whole posterior q(z|x) (mu and logvar); representation: sample does not apply, leave it at mean.",
    );
  }
  const batchSize = opts.batchSize ?? 64;
  const source = datasetSource(opts.dataset, opts.encode, { representation, batchSize });
  return evaluateWithSource(opts.names, source, {
    posteriorSource: continuous ? posteriorSource(opts.dataset, opts.encode, batchSize) : undefined,
    factorIndices: resolveFactorSet(opts.dataset, opts.factors),
    factorNames: opts.dataset.factorNames,
    samples: opts.samples,
    testSamples: opts.testSamples,
    batch: opts.batchSize,
    varianceSamples: opts.varianceSamples,
    pruneThreshold: opts.pruneThreshold,
    bins: opts.bins,
    seed: opts.seed ?? 0,
    representation,
    sapVariant: opts.sapVariant ?? "discrete",
    migVariant,
  });
}

/**
 * A source over `dataset` whose codes are the encoder's whole posterior: float32 [n, 2·D], each
 * row [mu_0..mu_{D−1}, logvar_0..logvar_{D−1}] (what `mig(variant: continuous)` needs).
 * @throws Error (when sampled) if the encoder's logvar is not [n, D].
 */
export function posteriorSource(
  dataset: Dataset,
  encode: EncodeFn,
  batchSize = 64,
): RepresentationSource {
  const both: EncodeFn = async (x, n) => {
    const { mu, logvar, dim } = await encode(x, n);
    if (mu.length !== n * dim || logvar.length !== n * dim) {
      throw new Error(
        `encoder returned mu of length ${mu.length} and logvar of length ${logvar.length} for a batch of ${n}; expected ${n}*${dim} each.`,
      );
    }
    const out = new Float32Array(n * 2 * dim);
    for (let i = 0; i < n; i++) {
      out.set(mu.subarray(i * dim, (i + 1) * dim), i * 2 * dim);
      out.set(logvar.subarray(i * dim, (i + 1) * dim), i * 2 * dim + dim);
    }
    return { mu: out, logvar: new Float32Array(n * 2 * dim), dim: 2 * dim };
  };
  return datasetSource(dataset, both, { representation: "mean", batchSize });
}

/**
 * Same as `evaluateMetrics` over any `RepresentationSource` (tests use `factorSource`); the
 * parameters are RunContext's (run-context.ts), `batch` only being the vote / pair batch here.
 */
export async function evaluateWithSource(
  names: string[],
  source: RepresentationSource,
  ctx: Partial<Omit<RunContext, "source" | "factorIndices" | "factorNames">> & {
    factorIndices?: readonly number[];
    factorNames?: readonly string[];
    /** rows [mu | logvar], float32 [n, 2·D]; needed by mig with migVariant "continuous" */
    posteriorSource?: RepresentationSource;
  },
): Promise<Record<string, MetricResult>> {
  const factorIndices = ctx.factorIndices ?? source.factorSizes.map((_, j) => j);
  if (factorIndices.length === 0)
    throw new Error("no factor with more than one value to evaluate against.");
  const out: Record<string, MetricResult> = {};
  for (const name of names) {
    const run = RUNNERS[name];
    if (!run)
      throw new Error(`unknown metric "${name}"; valid metrics are ${METRIC_NAMES.join(", ")}.`);
    let r: MetricResult;
    try {
      r = await run({
        ...ctx,
        source,
        factorIndices,
        factorNames: ctx.factorNames ?? source.factorSizes.map((_, j) => `factor${j}`),
        seed: ctx.seed ?? 0,
        representation: ctx.representation ?? "mean",
        sapVariant: ctx.sapVariant ?? "discrete",
        migVariant: ctx.migVariant ?? "histogram",
      });
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message.replace(/\.$/, "")}${tooFew(ctx.samples)}`);
    }
    // a score that is not a number (a singular covariance, an empty class) is never recorded
    if (!Number.isFinite(r.value))
      throw new Error(
        `${name}: the score is not a finite number (${r.value}) with ${r.samples.train} points${tooFew(ctx.samples)}`,
      );
    out[name] = r;
  }
  return out;
}
