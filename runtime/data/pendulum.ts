/**
 * A procedural CausalVAE pendulum (Yang et al. 2021, "CausalVAE", the scene of its
 * causal_data/pendulum.py). Causes: pendulum angle θ = i·π/200 (i = −40…43) and light angle
 * φ = j·π/200 (j = 60…147, j ≠ 100). Effects: the shadow of the rod + bob cast on the ground
 * y = −0.5 by parallel light rays of slope tan φ —
 *   proj(x, y) = x + (−0.5 − y) / tan φ,
 *   p0 = proj(pivot) with pivot (10, 10.5), p1 = proj(10 + 9.5 sin θ, 10.5 − 9.5 cos θ),
 *   shadow_length = max(3, |p0 − p1|), shadow_position = (p0 + p1) / 2.
 * Scene box x ∈ [0, 20], y ∈ [−1, 21] fills the whole canvas (the original's matplotlib axes
 * sit inside margins); white background, black rod (width 1), firebrick bob (r 1.5) at
 * distance 8, orange sun (r 3) at (proj of the pivot onto y = 20.5, 20.5), black shadow bar of
 * height 1 centred on y = −0.5. Point-sampled at pixel centres (no anti-aliasing).
 */
import type { Dataset, Rng } from "./types.js";

export const PENDULUM_ANGLES = Array.from({ length: 84 }, (_, k) => k - 40);
export const PENDULUM_LIGHTS = Array.from({ length: 88 }, (_, k) => k + 60).filter(
  (j) => j !== 100,
);
export const PENDULUM_FACTOR_NAMES = [
  "pendulum_angle",
  "light_angle",
  "shadow_length",
  "shadow_position",
] as const;

/** The four concepts of one scene: θ, φ in radians; shadow length and position in scene units. */
export function pendulumConcepts(i: number, j: number): [number, number, number, number] {
  const theta = (i * Math.PI) / 200;
  const phi = (j * Math.PI) / 200;
  const tan = Math.tan(phi);
  const proj = (x: number, y: number): number => x + (-0.5 - y) / tan;
  const p0 = proj(10, 10.5);
  const p1 = proj(10 + 9.5 * Math.sin(theta), 10.5 - 9.5 * Math.cos(theta));
  return [theta, phi, Math.max(3, Math.abs(p0 - p1)), (p0 + p1) / 2];
}

const COLORS = {
  white: [1, 1, 1],
  black: [0, 0, 0],
  firebrick: [178 / 255, 34 / 255, 34 / 255],
  orange: [1, 165 / 255, 0],
};

/** Renders scene (i, j) into out[at …] as [S, S, C] floats in [0, 1] (C = 3 RGB or 1 luma). */
export function renderPendulum(
  i: number,
  j: number,
  size: number,
  channels: 1 | 3,
  out: Float32Array,
  at: number,
): void {
  const [theta, phi, shade, mid] = pendulumConcepts(i, j);
  const bx = 10 + 8 * Math.sin(theta);
  const by = 10.5 - 8 * Math.cos(theta);
  const sunX = 10 + (20.5 - 10.5) / Math.tan(phi);
  const rx = bx - 10;
  const ry = by - 10.5;
  const rl2 = rx * rx + ry * ry;
  for (let r = 0; r < size; r++) {
    const y = 21 - ((r + 0.5) / size) * 22;
    for (let c = 0; c < size; c++) {
      const x = ((c + 0.5) / size) * 20;
      let col = COLORS.white;
      const t = Math.min(1, Math.max(0, ((x - 10) * rx + (y - 10.5) * ry) / rl2));
      const dx = x - 10 - t * rx;
      const dy = y - 10.5 - t * ry;
      if (dx * dx + dy * dy <= 0.25) col = COLORS.black;
      if ((x - bx) ** 2 + (y - by) ** 2 <= 1.5 * 1.5) col = COLORS.firebrick;
      if ((x - sunX) ** 2 + (y - 20.5) ** 2 <= 9) col = COLORS.orange;
      if (Math.abs(y + 0.5) <= 0.5 && Math.abs(x - mid) <= shade / 2) col = COLORS.black;
      const p = at + (r * size + c) * channels;
      if (channels === 3) {
        out[p] = col[0] as number;
        out[p + 1] = col[1] as number;
        out[p + 2] = col[2] as number;
      } else {
        out[p] =
          0.299 * (col[0] as number) + 0.587 * (col[1] as number) + 0.114 * (col[2] as number);
      }
    }
  }
}

export interface PendulumOptions {
  /** Image side (default 64). */
  size?: number;
  /** 3 (RGB, default) or 1 (luma 0.299 R + 0.587 G + 0.114 B). */
  channels?: 1 | 3;
  /** Number of equal-width bins of shadow length / position for factor classes (default 10). */
  effectBins?: number;
  /** "raw" (radians, scene units; default) or "causalvae": the original script's scaling
   *  i/44, (j − 100)/40, (length − 7)/7.5, (position − 7)/7.5. */
  labelScale?: "raw" | "causalvae";
}

/**
 * The pendulum Dataset: N = 84 · 87 = 7308 scenes, index = angleClass · 87 + lightClass;
 * images float32 [n, S, S, C]; factors int32 [n, 4] = (angle class 0…83, light class 0…86,
 * shadow-length bin, shadow-position bin) — the bins split each effect's range over the grid
 * into `effectBins` equal widths; labels float32 [n, 4] = the continuous concepts.
 * observationsFromFactors renders from the two cause columns (the effects follow from them);
 * sampleFactors draws the causes uniformly and computes the effects' bins.
 * Throws RangeError for a bad option or index.
 */
export function createPendulum(options: PendulumOptions = {}): Dataset {
  const size = options.size ?? 64;
  const channels = options.channels ?? 3;
  const bins = options.effectBins ?? 10;
  if (!Number.isInteger(size) || size < 8)
    throw new RangeError(`pendulum: size must be an integer ≥ 8, got ${size}`);
  if (channels !== 1 && channels !== 3)
    throw new RangeError(`pendulum: channels must be 1 or 3, got ${String(channels)}`);
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`pendulum: effectBins must be a positive integer, got ${bins}`);
  const nA = PENDULUM_ANGLES.length;
  const nL = PENDULUM_LIGHTS.length;
  const n = nA * nL;
  const concepts = new Float64Array(n * 4);
  for (let a = 0; a < nA; a++) {
    for (let l = 0; l < nL; l++)
      concepts.set(
        pendulumConcepts(PENDULUM_ANGLES[a] as number, PENDULUM_LIGHTS[l] as number),
        (a * nL + l) * 4,
      );
  }
  const range = [2, 3].map((k) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let e = 0; e < n; e++) {
      const v = concepts[e * 4 + k] as number;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return [lo, hi] as const;
  });
  const bin = (k: 0 | 1, v: number): number => {
    const [lo, hi] = range[k] as readonly [number, number];
    return Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins));
  };
  const classesOf = (e: number, out: Int32Array, at: number): void => {
    out[at] = Math.floor(e / nL);
    out[at + 1] = e % nL;
    out[at + 2] = bin(0, concepts[e * 4 + 2] as number);
    out[at + 3] = bin(1, concepts[e * 4 + 3] as number);
  };
  const px = size * size * channels;
  const check = (i: number): void => {
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw new RangeError(`pendulum: index ${i} outside [0, ${n})`);
  };
  const causal = options.labelScale === "causalvae";
  const ds: Dataset = {
    name: "pendulum",
    size: n,
    imageShape: [size, size, channels],
    factorNames: [...PENDULUM_FACTOR_NAMES],
    factorSizes: [nA, nL, bins, bins],
    labelNames: [...PENDULUM_FACTOR_NAMES],
    images(indices: ArrayLike<number>): Float32Array {
      const out = new Float32Array(indices.length * px);
      for (let m = 0; m < indices.length; m++) {
        const e = indices[m] as number;
        check(e);
        renderPendulum(
          PENDULUM_ANGLES[Math.floor(e / nL)] as number,
          PENDULUM_LIGHTS[e % nL] as number,
          size,
          channels,
          out,
          m * px,
        );
      }
      return out;
    },
    factors(indices: ArrayLike<number>): Int32Array {
      const out = new Int32Array(indices.length * 4);
      for (let m = 0; m < indices.length; m++) {
        check(indices[m] as number);
        classesOf(indices[m] as number, out, m * 4);
      }
      return out;
    },
    labels(indices: ArrayLike<number>): Float32Array {
      const out = new Float32Array(indices.length * 4);
      for (let m = 0; m < indices.length; m++) {
        const e = indices[m] as number;
        check(e);
        const c = concepts.subarray(e * 4, e * 4 + 4);
        if (causal) {
          const i = PENDULUM_ANGLES[Math.floor(e / nL)] as number;
          const j = PENDULUM_LIGHTS[e % nL] as number;
          out.set(
            [i / 44, (j - 100) / 40, ((c[2] as number) - 7) / 7.5, ((c[3] as number) - 7) / 7.5],
            m * 4,
          );
        } else out.set(c, m * 4);
      }
      return out;
    },
    observationsFromFactors(factors: Int32Array): Float32Array {
      if (factors.length % 4 !== 0)
        throw new RangeError(
          `pendulum: factors must be int32 [n, 4], got length ${factors.length}`,
        );
      const m = factors.length / 4;
      const idx = new Int32Array(m);
      for (let r = 0; r < m; r++) {
        const a = factors[r * 4] as number;
        const l = factors[r * 4 + 1] as number;
        if (a < 0 || a >= nA || l < 0 || l >= nL)
          throw new RangeError(
            `pendulum: row ${r} cause classes (${a}, ${l}) outside [0, ${nA}) × [0, ${nL})`,
          );
        idx[r] = a * nL + l;
      }
      return ds.images(idx);
    },
    sampleFactors(count: number, rng: Rng): Int32Array {
      const out = new Int32Array(count * 4);
      for (let r = 0; r < count; r++) classesOf(rng.int(nA) * nL + rng.int(nL), out, r * 4);
      return out;
    },
  };
  return ds;
}
