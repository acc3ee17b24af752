/**
 * Where metrics get (factor, representation) pairs from. A `RepresentationSource` samples
 * points with uniformly drawn ground-truth factors (disentanglement_lib
 * `ground_truth_data.sample`), optionally with one factor fixed per row, and returns the
 * encoder's representation of the rendered observations. Never needs the full factorial data
 * set or any order.
 */
import type { Dataset } from "../data/types.js";
import { uniformFactors, type SeededRng } from "./rng.js";

/** Fixes factor `factor` of row i to `values[i]` (values has one entry per sampled row). */
export interface Constraint {
  readonly factor: number;
  readonly values: Int32Array;
}

/** Sampled points: factors int32 [n, K], codes float32 [n, dim]. */
export interface Sampled {
  readonly factors: Int32Array;
  readonly codes: Float32Array;
  readonly dim: number;
}

/** A source of (factors, codes) pairs for the supervised metrics. */
export interface RepresentationSource {
  /** Class counts of the K factors. */
  readonly factorSizes: readonly number[];
  /** n points, factors uniform (or from the data) except where `constraint` fixes one. */
  sample(n: number, rng: SeededRng, constraint?: Constraint): Promise<Sampled>;
}

/** The encoder as the metrics see it: x float32 [n, H, W, C] → mu, logvar float32 [n, dim]. */
export type EncodeFn = (
  x: Float32Array,
  n: number,
) => Promise<{ mu: Float32Array; logvar: Float32Array; dim: number }>;

export interface EncodeOptions {
  /** "mean" (posterior mean, the dlib default) or "sample" (mu + exp(logvar/2)·eps). */
  readonly representation: "mean" | "sample";
  /** Images per encode call. */
  readonly batchSize: number;
}

/**
 * Encodes n observations in batches and concatenates every batch's representation.
 * @param images returns float32 [count, H, W, C] for rows [start, start + count)
 * @returns codes float32 [n, dim]
 * @throws Error when the encoder returns a wrongly sized or non-finite result.
 */
export async function encodeInBatches(
  images: (start: number, count: number) => Float32Array,
  n: number,
  encode: EncodeFn,
  opts: EncodeOptions,
  rng: SeededRng,
): Promise<{ codes: Float32Array; dim: number }> {
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1)
    throw new RangeError(`batchSize must be a positive integer, got ${opts.batchSize}.`);
  let codes: Float32Array | null = null;
  let dim = 0;
  for (let start = 0; start < n; start += opts.batchSize) {
    const count = Math.min(opts.batchSize, n - start);
    const { mu, logvar, dim: d } = await encode(images(start, count), count);
    if (codes === null) {
      dim = d;
      codes = new Float32Array(n * d);
    }
    if (
      d !== dim ||
      mu.length !== count * d ||
      (opts.representation === "sample" && logvar.length !== count * d)
    ) {
      throw new Error(
        `encoder returned mu of length ${mu.length} (dim ${d}) for a batch of ${count}; expected ${count}*${dim}.`,
      );
    }
    for (let t = 0; t < count * d; t++) {
      let v = mu[t] as number;
      if (opts.representation === "sample")
        v += Math.exp(0.5 * (logvar[t] as number)) * rng.normal();
      if (!Number.isFinite(v))
        throw new Error(
          `encoder returned a non-finite representation (${v}) at row ${start + Math.floor(t / d)}.`,
        );
      codes[start * d + t] = v;
    }
  }
  return { codes: codes ?? new Float32Array(0), dim };
}

/**
 * A source over a data set and an encoder. With `observationsFromFactors` the factors are drawn
 * uniformly and rendered; otherwise examples are drawn uniformly by index and a constrained row
 * is drawn among pool examples (up to `poolSize` sampled indices) having the required value.
 * @throws Error when the data set has no factors, or a required value never occurs in the pool.
 */
export function datasetSource(
  dataset: Dataset,
  encode: EncodeFn,
  opts: EncodeOptions & { poolSize?: number },
): RepresentationSource {
  const sizes = dataset.factorSizes;
  const K = sizes.length;
  if (K === 0)
    throw new Error(
      `data set "${dataset.name}" has no ground-truth factors; supervised metrics need them.`,
    );
  const imgSize = dataset.imageShape[0] * dataset.imageShape[1] * dataset.imageShape[2];
  let pool: { byValue: Map<number, number[]>[] } | null = null;
  const buildPool = (rng: SeededRng): NonNullable<typeof pool> => {
    const m = Math.min(dataset.size, opts.poolSize ?? 100_000);
    const idx = new Int32Array(m);
    for (let i = 0; i < m; i++) idx[i] = m === dataset.size ? i : rng.int(dataset.size);
    const f = dataset.factors(idx);
    const byValue = sizes.map(() => new Map<number, number[]>());
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < K; j++) {
        const v = f[i * K + j] as number;
        const list = byValue[j]!.get(v) ?? [];
        list.push(idx[i] as number);
        byValue[j]!.set(v, list);
      }
    }
    return { byValue };
  };
  return {
    factorSizes: sizes,
    async sample(n, rng, constraint) {
      if (constraint && constraint.values.length !== n)
        throw new RangeError(`constraint has ${constraint.values.length} values for ${n} rows.`);
      if (dataset.observationsFromFactors) {
        const factors = uniformFactors(sizes, n, rng);
        if (constraint)
          for (let i = 0; i < n; i++)
            factors[i * K + constraint.factor] = constraint.values[i] as number;
        const render = dataset.observationsFromFactors.bind(dataset);
        const { codes, dim } = await encodeInBatches(
          (s, c) => render(factors.subarray(s * K, (s + c) * K)),
          n,
          encode,
          opts,
          rng,
        );
        return { factors, codes, dim };
      }
      const indices = new Int32Array(n);
      if (constraint) {
        pool ??= buildPool(rng);
        for (let i = 0; i < n; i++) {
          const v = constraint.values[i] as number;
          const list = pool.byValue[constraint.factor]?.get(v);
          if (!list || list.length === 0)
            throw new Error(
              `no example of "${dataset.name}" has factor ${constraint.factor} = ${v} in the sampled pool.`,
            );
          indices[i] = list[rng.int(list.length)] as number;
        }
      } else {
        for (let i = 0; i < n; i++) indices[i] = rng.int(dataset.size);
      }
      const factors = dataset.factors(indices);
      const { codes, dim } = await encodeInBatches(
        (s, c) => {
          const x = dataset.images(indices.subarray(s, s + c));
          if (x.length !== c * imgSize)
            throw new Error(
              `data set returned ${x.length} pixel values for ${c} images of size ${imgSize}.`,
            );
          return x;
        },
        n,
        encode,
        opts,
        rng,
      );
      return { factors, codes, dim };
    },
  };
}

/**
 * A source whose representation is a function of the factors themselves (no images): the
 * disentanglement_lib `IdentityObservationsData` test fixture and its variants.
 * @param represent factors int32 [n, K] → codes float32 [n, dim]; default: the factors as floats.
 */
export function factorSource(
  sizes: readonly number[],
  represent?: (factors: Int32Array, n: number) => { codes: Float32Array; dim: number },
): RepresentationSource {
  const K = sizes.length;
  return {
    factorSizes: sizes,
    async sample(n, rng, constraint) {
      const factors = uniformFactors(sizes, n, rng);
      if (constraint)
        for (let i = 0; i < n; i++)
          factors[i * K + constraint.factor] = constraint.values[i] as number;
      const r = represent ? represent(factors, n) : { codes: Float32Array.from(factors), dim: K };
      return { factors, codes: r.codes, dim: r.dim };
    },
  };
}
