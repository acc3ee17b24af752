/**
 * What a metric runner receives (`RunContext`) and the sample counts and parameters it reads
 * from it. Every field after `source` is one of the metric's declared parameters
 * (stdlib/metrics/*.ts) or follows from one; an undefined field takes the value the runtime used
 * before the parameter existed, which is the declared default whenever `samples` is too.
 */
import type { RepresentationSource, Sampled } from "./sampling.js";
import type { SapVariant } from "./sap.js";
import type { Codes, Factors } from "./types.js";
import type { SeededRng } from "./rng.js";

/** "histogram": dlib `bins`-bin discretised MI; "continuous": Chen et al. 2018 with the exact q(z|x). */
export type MigVariant = "histogram" | "continuous";

/** What every runner receives. */
export interface RunContext {
  readonly source: RepresentationSource;
  /** the factor set (indices into the source's factors); `factors` */
  readonly factorIndices: readonly number[];
  readonly factorNames: readonly string[];
  /** `samples`: train points (votes for factor_vae_score); undefined = 10,000 */
  readonly samples?: number;
  /** `test_samples`: held-out points (votes); undefined = ⌈samples/2⌉, or 5,000 without samples */
  readonly testSamples?: number;
  /**
   * `batch` of beta_vae_score (pairs per point) and factor_vae_score (points per vote); undefined
   * = 64. The encoder's batch of every metric is the source's (`datasetSource`'s batchSize).
   */
  readonly batch?: number;
  /** `variance_samples` of factor_vae_score (global variance points); undefined = the train count */
  readonly varianceSamples?: number;
  /** `prune_threshold` of factor_vae_score (min global std of an active dim); undefined = 0.05 */
  readonly pruneThreshold?: number;
  /** `bins` of mig (histogram) and modularity: equal-width bins per code; undefined = 20 */
  readonly bins?: number;
  /** `seed` of the metric's own RNG */
  readonly seed: number;
  /** `representation`, as reported ("mean" | "sample"; the source applies it) */
  readonly representation: string;
  /** `variant` of sap */
  readonly sapVariant: SapVariant;
  /** `variant` of mig (default "histogram") */
  readonly migVariant?: MigVariant;
  /**
   * The posterior for `migVariant: "continuous"`: a source whose codes are float32 [n, 2·D],
   * each row [mu_0..mu_{D−1}, logvar_0..logvar_{D−1}] (see `posteriorSource` in evaluate.ts).
   */
  readonly posteriorSource?: RepresentationSource;
}

/** Reference counts: train / test points (unsupervised_study_v1's 10,000 / 5,000). */
const REFERENCE = { train: 10_000, test: 5_000 };

function positiveInt(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min)
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${v}.`);
  return v;
}

/**
 * Train and test counts: `samples` (default 10,000) and `test_samples` (default ⌈samples/2⌉,
 * at least 2, or 5,000 when samples is undefined too).
 * @throws RangeError for samples < 4 or test_samples < 1 (or not integers)
 */
export function counts(ctx: RunContext): { train: number; test: number } {
  const train =
    ctx.samples === undefined ? REFERENCE.train : positiveInt("samples", ctx.samples, 4);
  const test =
    ctx.testSamples !== undefined
      ? positiveInt("test_samples", ctx.testSamples, 1)
      : ctx.samples === undefined
        ? REFERENCE.test
        : Math.max(2, Math.ceil(train / 2));
  return { train, test };
}

/** `batch` (pairs / points per vote), default 64. @throws RangeError unless an integer ≥ 1 */
export const voteBatch = (ctx: RunContext): number => positiveInt("batch", ctx.batch ?? 64, 1);

/** `bins`, default 20. @throws RangeError unless an integer ≥ 2 */
export const histogramBins = (ctx: RunContext): number => positiveInt("bins", ctx.bins ?? 20, 2);

/** `variance_samples`, default the train count. @throws RangeError unless an integer ≥ 2 */
export const varianceCount = (ctx: RunContext, train: number): number =>
  positiveInt("variance_samples", ctx.varianceSamples ?? train, 2);

/** `prune_threshold` (a std, in code units), default 0.05. @throws RangeError unless ≥ 0 */
export function pruneThreshold(ctx: RunContext): number {
  const t = ctx.pruneThreshold ?? 0.05;
  if (!(t >= 0) || !Number.isFinite(t))
    throw new RangeError(`prune_threshold must be a finite number ≥ 0, got ${t}.`);
  return t;
}

/** Codes [n, D] and the factor-set columns [n, k] of a sample. */
export function split(s: Sampled, ctx: RunContext): { codes: Codes; factors: Factors } {
  const n = s.codes.length / s.dim;
  const K = ctx.source.factorSizes.length;
  const k = ctx.factorIndices.length;
  const data = new Int32Array(n * k);
  for (let i = 0; i < n; i++)
    ctx.factorIndices.forEach((j, jj) => (data[i * k + jj] = s.factors[i * K + j] as number));
  return { codes: { data: s.codes, n, dim: s.dim }, factors: { data, n, k } };
}

/** The train points, then the test points, from one RNG stream. */
export async function trainTest(
  ctx: RunContext,
  rng: SeededRng,
): Promise<{ train: ReturnType<typeof split>; test: ReturnType<typeof split> }> {
  const c = counts(ctx);
  const train = split(await ctx.source.sample(c.train, rng), ctx);
  return { train, test: split(await ctx.source.sample(c.test, rng), ctx) };
}

/** The MetricResult fields every runner fills the same way. */
export const base = (ctx: RunContext, variant: string, train: number, test?: number) => ({
  variant,
  samples: test === undefined ? { train } : { train, test },
  seed: ctx.seed,
  representation: ctx.representation,
});
