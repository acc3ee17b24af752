/**
 * A small seeded random source for metric evaluation (mulberry32), so that every metric is
 * deterministic from its seed without touching the training RNG. Compatible with the
 * `{ next, int }` part of runtime/data's `Rng`.
 */
import type { MetricRng } from "./types.js";

/** A seeded generator: `next()` uniform in [0, 1), `int(n)` uniform in [0, n), `normal()` N(0, 1). */
export interface SeededRng extends MetricRng {
  normal(): number;
}

/**
 * Creates a mulberry32 generator from a 32-bit integer seed.
 * @throws RangeError when the seed is not a finite number.
 */
export function createMetricRng(seed: number): SeededRng {
  if (!Number.isFinite(seed))
    throw new RangeError(`createMetricRng: seed must be a finite number, got ${seed}.`);
  let s = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  let spare: number | null = null;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => {
      if (!Number.isInteger(n) || n < 1)
        throw new RangeError(`rng.int: n must be a positive integer, got ${n}.`);
      return Math.floor(next() * n);
    },
    normal: () => {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      // Box–Muller
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Uniform factor class vectors: int32 [n, K], factor j uniform over [0, sizes[j]). */
export function uniformFactors(sizes: readonly number[], n: number, rng: MetricRng): Int32Array {
  const k = sizes.length;
  const out = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) out[i * k + j] = rng.int(sizes[j] as number);
  }
  return out;
}
