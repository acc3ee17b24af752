/**
 * Fixtures of the metric-parameter tests (issue #21): `noisy()`, a representation source over a
 * 4 × 5 factor grid, and `grid` + `encoder()`, a data set of 2×2 images with an encoder that
 * records every batch size it is called with.
 */
import type { Dataset } from "../../runtime/data/types.js";
import { factorSource, type EncodeFn } from "../../runtime/metrics/sampling.js";

export const SIZES = [4, 5];
/** code 0 = factor 0 + hashed noise, code 1 = factor 1 / 10, code 2 = tiny noise: [n, 3] */
export const noisy = () =>
  factorSource(SIZES, (f, n) => {
    const codes = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const h = Math.sin((i + 1) * 12.9898) * 43758.5453;
      codes[i * 3] = (f[i * 2] as number) + 1.6 * (h - Math.floor(h));
      codes[i * 3 + 1] = (f[i * 2 + 1] as number) / 10;
      codes[i * 3 + 2] = 0.001 * (h - Math.floor(h));
    }
    return { codes, dim: 3 };
  });

/** A 4 × 5 factor grid rendered as 2×2 images: pixel 0 = a/3, pixel 1 = b/4. */
export const grid: Dataset = (() => {
  const render = (f: Int32Array): Float32Array => {
    const x = new Float32Array((f.length / 2) * 4);
    for (let i = 0; i < f.length / 2; i++) {
      x[i * 4] = (f[i * 2] as number) / 3;
      x[i * 4 + 1] = (f[i * 2 + 1] as number) / 4;
    }
    return x;
  };
  const factors = (idx: ArrayLike<number>) =>
    Int32Array.from({ length: idx.length * 2 }, (_, t) =>
      t % 2 === 0 ? Math.floor((idx[t >> 1] as number) / 5) : (idx[t >> 1] as number) % 5,
    );
  return {
    name: "grid",
    size: 20,
    imageShape: [2, 2, 1],
    factorNames: ["a", "b"],
    factorSizes: [4, 5],
    factors,
    images: (idx) => render(factors(idx)),
    observationsFromFactors: render,
  };
})();

/** mu = [a/3 + b/8, b/4, a/30] (an entangled code), logvar = ln 0.2²; records each batch size. */
export function encoder(calls: number[]): EncodeFn {
  return async (x, n) => {
    calls.push(n);
    const mu = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const [a, b] = [x[i * 4] as number, x[i * 4 + 1] as number];
      mu.set([a + b / 2, b, a / 10], i * 3);
    }
    return { mu, logvar: new Float32Array(n * 3).fill(Math.log(0.04)), dim: 3 };
  };
}
