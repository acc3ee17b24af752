/**
 * A synthetic data set, encoder and decoder whose latents are known, for the picture-labelling
 * tests: 32×32 images of one white square whose side is 4 + 2·scale and whose left edge is
 * posX + 2 (shape is a factor the images do not show). The encoder reads the picture back:
 * z0 = scale, z2 = posX + noise, z1, z3, z4 ≈ 0 with the prior's variance (collapsed, KL ≈ 0).
 * The decoder draws the square that z0 and z2 describe.
 */
import type { Dataset } from "../../runtime/data/types.js";
import { createMetricRng } from "../../runtime/metrics/rng.js";
import type { EncodeFn } from "../../runtime/metrics/sampling.js";
import type { DecodeFn } from "../../runtime/viz/traversal.js";

export const SIZE = 32;
const SIZES = [3, 4, 16]; // shape, scale, posX
export const D = 5;

function draw(out: Float32Array, i: number, left: number, side: number): void {
  const off = i * SIZE * SIZE;
  for (let y = 10; y < 10 + side && y < SIZE; y++)
    for (let x = Math.max(0, left); x < left + side && x < SIZE; x++) out[off + y * SIZE + x] = 1;
}

function render(factors: Int32Array): Float32Array {
  const n = factors.length / 3;
  const out = new Float32Array(n * SIZE * SIZE);
  for (let i = 0; i < n; i++) draw(out, i, factors[i * 3 + 2]! + 2, 4 + 2 * factors[i * 3 + 1]!);
  return out;
}

function factorsOf(indices: ArrayLike<number>): Int32Array {
  const f = new Int32Array(indices.length * 3);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    f[i * 3] = j % 3;
    f[i * 3 + 1] = Math.floor(j / 3) % 4;
    f[i * 3 + 2] = Math.floor(j / 12);
  }
  return f;
}

/** The data set; `withFactors: false` hides the factors (as MNIST-without-labels would). */
export function squares(withFactors = true): Dataset {
  return {
    name: "squares",
    size: 3 * 4 * 16,
    imageShape: [SIZE, SIZE, 1],
    factorNames: withFactors ? ["shape", "scale", "posX"] : [],
    factorSizes: withFactors ? SIZES : [],
    images: (indices) => render(factorsOf(indices)),
    factors: (indices) => (withFactors ? factorsOf(indices) : new Int32Array(0)),
    ...(withFactors ? { observationsFromFactors: render } : {}),
  };
}

/** Reads side and left edge back: mu = [scale, ~0, posX + noise, ~0, ~0], known logvar. */
export function squaresEncoder(): EncodeFn {
  const rng = createMetricRng(7);
  return async (x, n) => {
    const mu = new Float32Array(n * D);
    const logvar = new Float32Array(n * D);
    for (let i = 0; i < n; i++) {
      let area = 0;
      let left = SIZE;
      for (let p = 0; p < SIZE * SIZE; p++) {
        if (x[i * SIZE * SIZE + p]! < 0.5) continue;
        area++;
        left = Math.min(left, p % SIZE);
      }
      const side = Math.sqrt(area);
      mu.set([(side - 7) / 2, 0, (left - 9.5) / 5 + 0.05 * rng.normal(), 0, 0], i * D);
      for (const d of [1, 3, 4]) mu[i * D + d] = 0.001 * rng.normal();
      logvar.set([Math.log(0.1), 0, Math.log(0.001), 0, 0], i * D);
    }
    return { mu, logvar, dim: D };
  };
}

/** Draws the square z0 (scale) and z2 (posX) describe; the other latents change nothing. */
export const squaresDecoder: DecodeFn = async (z, n) => {
  const out = new Float32Array(n * SIZE * SIZE);
  for (let i = 0; i < n; i++) {
    const side = Math.max(1, Math.round(z[i * D]! * 2 + 7));
    draw(out, i, Math.round(z[i * D + 2]! * 5 + 9.5), side);
  }
  return out;
};
