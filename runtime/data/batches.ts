/**
 * Shuffled, resumable batch streams and factor sampling over any Dataset.
 */
import * as tf from "@tensorflow/tfjs";
import { createRng, deriveSeed, shuffle } from "./rng.js";
import type { Batch, BatchStream, Dataset, Rng } from "./types.js";

/** A stream of example-index batches; the pure (tensor-free) core of a BatchStream. */
export interface IndexStream {
  /** The next batchSize example indices. */
  next(): Int32Array;
  state(): { epoch: number; offset: number };
  restore(state: { epoch: number; offset: number }): void;
}

/**
 * Endless concatenation of per-epoch permutations of [0, n): epoch e is 0…n−1 shuffled by
 * Fisher–Yates with Rng(seed/e), so it depends only on (seed, e). A batch takes the next
 * batchSize entries and runs on into the next epoch when the current one ends (nothing is
 * dropped; batchSize > n is allowed). state = (epoch, offset into that epoch's permutation).
 * Throws RangeError for n < 1, batchSize < 1 or a bad state.
 */
export function createIndexStream(n: number, batchSize: number, seed: number): IndexStream {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`batch stream: data set size must be ≥ 1, got ${n}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batch stream: batch size must be a positive integer, got ${batchSize}`);
  let epoch = 0;
  let offset = 0;
  let perm: Int32Array | null = null;
  let permEpoch = -1;
  const permutation = (): Int32Array => {
    if (perm === null || permEpoch !== epoch) {
      const p = new Int32Array(n);
      for (let i = 0; i < n; i++) p[i] = i;
      perm = shuffle(p, createRng(deriveSeed(seed, epoch)));
      permEpoch = epoch;
    }
    return perm;
  };
  return {
    next(): Int32Array {
      const out = new Int32Array(batchSize);
      let filled = 0;
      while (filled < batchSize) {
        const p = permutation();
        const take = Math.min(batchSize - filled, n - offset);
        out.set(p.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (offset === n) {
          epoch += 1;
          offset = 0;
        }
      }
      return out;
    },
    state: () => ({ epoch, offset }),
    restore(state: { epoch: number; offset: number }): void {
      const { epoch: e, offset: o } = state ?? ({} as { epoch: number; offset: number });
      if (!Number.isInteger(e) || e < 0 || !Number.isInteger(o) || o < 0 || o >= n) {
        throw new RangeError(
          `batch stream: bad state ${JSON.stringify(state)} (need integers epoch ≥ 0, 0 ≤ offset < ${n})`,
        );
      }
      epoch = e;
      offset = o;
    },
  };
}

/**
 * A BatchStream over `dataset`: x float32 [B, H, W, C]; y float32 [B, K] factor classes when
 * K > 0; labels float32 [B, L] when the data set has continuous labels. The caller owns (and
 * must dispose) the returned tensors. Order as createIndexStream(dataset.size, batchSize, seed).
 */
export function createBatchStream(dataset: Dataset, batchSize: number, seed: number): BatchStream {
  const idx = createIndexStream(dataset.size, batchSize, seed);
  const [h, w, c] = dataset.imageShape;
  const k = dataset.factorSizes.length;
  return {
    next(): Batch {
      const ids = idx.next();
      const x = tf.tensor4d(dataset.images(ids), [batchSize, h, w, c], "float32");
      const y =
        k > 0
          ? tf.tensor2d(Float32Array.from(dataset.factors(ids)), [batchSize, k], "float32")
          : undefined;
      const nl = dataset.labelNames?.length ?? 0;
      const labels =
        dataset.labels !== undefined && nl > 0
          ? tf.tensor2d(dataset.labels(ids), [batchSize, nl], "float32")
          : undefined;
      return { x, ...(y ? { y } : {}), ...(labels ? { labels } : {}) };
    },
    state: () => idx.state(),
    restore: (s) => idx.restore(s),
  };
}

/**
 * n factor class vectors int32 [n, K]: the data set's own sampler where it has one (pendulum),
 * else each factor independently uniform over its classes (the factor grid; Higgins et al.
 * 2017 / Locatello et al. 2019 sampling for metrics). Throws Error when K = 0.
 */
export function sampleFactors(dataset: Dataset, n: number, rng: Rng): Int32Array {
  const k = dataset.factorSizes.length;
  if (k === 0) throw new Error(`sampleFactors: data set '${dataset.name}' has no factors`);
  if (dataset.sampleFactors) return dataset.sampleFactors(n, rng);
  const out = new Int32Array(n * k);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) out[i * k + j] = rng.int(dataset.factorSizes[j] as number);
  return out;
}

const lookups = new WeakMap<Dataset, Map<string, number[]>>();

/**
 * Observations float32 [n, H, W, C] for factor classes int32 [n, K]: rendered where the data
 * set can (dSprites, pendulum), else looked up — an example with exactly those classes, chosen
 * by `rng` among the matches (the first when no rng). Throws RangeError when no example matches.
 */
export function observationsFromFactors(
  dataset: Dataset,
  factors: Int32Array,
  rng?: Rng,
): Float32Array {
  if (dataset.observationsFromFactors) return dataset.observationsFromFactors(factors);
  const k = dataset.factorSizes.length;
  if (k === 0 || factors.length % k !== 0) {
    throw new RangeError(
      `observationsFromFactors: '${dataset.name}' needs int32 [n, ${k}] factors, got length ${factors.length}`,
    );
  }
  let table = lookups.get(dataset);
  if (table === undefined) {
    table = new Map();
    const all = dataset.factors(Int32Array.from({ length: dataset.size }, (_, i) => i));
    for (let i = 0; i < dataset.size; i++) {
      const key = all.subarray(i * k, (i + 1) * k).join(",");
      const list = table.get(key);
      if (list) list.push(i);
      else table.set(key, [i]);
    }
    lookups.set(dataset, table);
  }
  const n = factors.length / k;
  const ids = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const key = factors.subarray(r * k, (r + 1) * k).join(",");
    const list = table.get(key);
    if (list === undefined)
      throw new RangeError(
        `observationsFromFactors: '${dataset.name}' has no example with factor classes [${key}]`,
      );
    ids[r] = list[rng ? rng.int(list.length) : 0] as number;
  }
  return dataset.images(ids);
}
