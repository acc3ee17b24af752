/**
 * The procedural dSprites data set (Matthey et al. 2017): every image rendered on demand from
 * its factor classes, in the canonical order of the real file (posY fastest).
 */
import {
  DSPRITES_CLASS_COUNTS,
  DSPRITES_SIZE,
  orientationValue,
  pool2x2,
  positionValue,
  renderSprite,
  scaleValue,
} from "./dsprites-render.js";
import type { Dataset } from "./types.js";

/** The five factors (color has one value and is left out, as in disentanglement_lib). */
export const DSPRITES_FACTOR_NAMES = ["shape", "scale", "orientation", "posX", "posY"] as const;
export type DspritesFactor = (typeof DSPRITES_FACTOR_NAMES)[number];
/** Class counts of the five factors: [3, 6, 40, 32, 32]. */
export const DSPRITES_FACTOR_SIZES = DSPRITES_CLASS_COUNTS.slice(1) as readonly number[];

export interface DspritesOptions {
  /** 64 (default) or 32. 32 renders at 64 and 2×2 average-pools (values in {0, .25, .5, .75, 1}). */
  size?: 64 | 32;
  /**
   * Subset of class indices per factor, e.g. { shape: [0, 1], scale: [0, 1, 2, 3, 4, 5] }.
   * The Dataset's index space and factor classes are then the sub-grid: factor k's class j
   * means original class `values[k][j]`.
   */
  factors?: Partial<Record<DspritesFactor, readonly number[]>>;
}

/** A dSprites Dataset, with the original class index of each sub-grid class. */
export interface DspritesDataset extends Dataset {
  /** For each factor, the original dSprites class index of each (sub-grid) class. */
  readonly factorValues: readonly (readonly number[])[];
  observationsFromFactors(factors: Int32Array): Float32Array;
}

/** Canonical dSprites index of 5 original factor classes: Σ classes · [245760, 40960, 1024, 32, 1]. */
export function dspritesIndex(
  shape: number,
  scale: number,
  orientation: number,
  posX: number,
  posY: number,
): number {
  return (((shape * 6 + scale) * 40 + orientation) * 32 + posX) * 32 + posY;
}

/** Inverse of dspritesIndex: the 5 original factor classes of canonical index i. */
export function dspritesClasses(i: number): [number, number, number, number, number] {
  const posY = i % 32;
  const posX = Math.floor(i / 32) % 32;
  const orientation = Math.floor(i / 1024) % 40;
  const scale = Math.floor(i / 40960) % 6;
  const shape = Math.floor(i / 245760);
  return [shape, scale, orientation, posX, posY];
}

function resolveSubset(factors: DspritesOptions["factors"]): number[][] {
  const known = new Set<string>(DSPRITES_FACTOR_NAMES);
  for (const k of Object.keys(factors ?? {})) {
    if (!known.has(k)) {
      throw new Error(
        `dsprites: unknown factor '${k}' in subset; expected one of ${DSPRITES_FACTOR_NAMES.join(", ")}`,
      );
    }
  }
  return DSPRITES_FACTOR_NAMES.map((name, k) => {
    const n = DSPRITES_FACTOR_SIZES[k] as number;
    const vals = factors?.[name];
    if (vals === undefined) return Array.from({ length: n }, (_, j) => j);
    if (vals.length === 0) throw new Error(`dsprites: subset for '${name}' is empty`);
    const seen = new Set<number>();
    for (const v of vals) {
      if (!Number.isInteger(v) || v < 0 || v >= n) {
        throw new RangeError(`dsprites: '${name}' class ${v} out of range [0, ${n})`);
      }
      if (seen.has(v)) throw new Error(`dsprites: duplicate class ${v} in subset for '${name}'`);
      seen.add(v);
    }
    return [...vals];
  });
}

/**
 * Creates the procedural dSprites Dataset: images float32 [n, S, S, 1] (S = 64 or 32) in {0, 1}
 * (or quarter steps at 32), factors int32 [n, 5] (shape, scale, orientation, posX, posY) in
 * sub-grid coordinates, example index = row-major over the (sub-)grid, posY fastest — for the
 * full grid this is the real file's index. Throws for an unknown factor / bad class / size.
 */
export function createDsprites(options: DspritesOptions = {}): DspritesDataset {
  const size = options.size ?? 64;
  if (size !== 64 && size !== 32)
    throw new RangeError(`dsprites: size must be 64 or 32, got ${String(size)}`);
  const values = resolveSubset(options.factors);
  const sizes = values.map((v) => v.length);
  const total = sizes.reduce((a, b) => a * b, 1);
  const scratch = new Uint8Array(DSPRITES_SIZE * DSPRITES_SIZE);
  const px = size * size;

  const renderOriginal = (cls: readonly number[], out: Float32Array, at: number): void => {
    const [sh, sc, or, x, y] = cls as [number, number, number, number, number];
    renderSprite(
      scratch,
      0,
      sh,
      scaleValue(sc),
      orientationValue(or),
      positionValue(x),
      positionValue(y),
    );
    if (size === 64) for (let p = 0; p < px; p++) out[at + p] = scratch[p] as number;
    else pool2x2(scratch, 0, out, at);
  };

  const subClasses = (i: number, into: number[]): void => {
    let rest = i;
    for (let k = 4; k >= 0; k--) {
      const n = sizes[k] as number;
      into[k] = rest % n;
      rest = Math.floor(rest / n);
    }
  };

  const checkIndex = (i: number): void => {
    if (!Number.isInteger(i) || i < 0 || i >= total) {
      throw new RangeError(`dsprites: example index ${i} outside [0, ${total})`);
    }
  };

  const sub = [0, 0, 0, 0, 0];
  const orig = [0, 0, 0, 0, 0];
  const toOriginal = (): number[] => {
    for (let k = 0; k < 5; k++) orig[k] = (values[k] as number[])[sub[k] as number] as number;
    return orig;
  };

  const ds: DspritesDataset = {
    name: "dsprites",
    size: total,
    imageShape: [size, size, 1],
    factorNames: [...DSPRITES_FACTOR_NAMES],
    factorSizes: sizes,
    factorValues: values,
    images(indices: ArrayLike<number>): Float32Array {
      const out = new Float32Array(indices.length * px);
      for (let n = 0; n < indices.length; n++) {
        const i = indices[n] as number;
        checkIndex(i);
        subClasses(i, sub);
        renderOriginal(toOriginal(), out, n * px);
      }
      return out;
    },
    factors(indices: ArrayLike<number>): Int32Array {
      const out = new Int32Array(indices.length * 5);
      for (let n = 0; n < indices.length; n++) {
        const i = indices[n] as number;
        checkIndex(i);
        subClasses(i, sub);
        out.set(sub, n * 5);
      }
      return out;
    },
    observationsFromFactors(factors: Int32Array): Float32Array {
      if (factors.length % 5 !== 0) {
        throw new RangeError(
          `dsprites.observationsFromFactors: expected int32 [n, 5], got length ${factors.length}`,
        );
      }
      const n = factors.length / 5;
      const out = new Float32Array(n * px);
      for (let m = 0; m < n; m++) {
        for (let k = 0; k < 5; k++) {
          const v = factors[m * 5 + k] as number;
          if (v < 0 || v >= (sizes[k] as number)) {
            throw new RangeError(
              `dsprites.observationsFromFactors: row ${m} factor ${DSPRITES_FACTOR_NAMES[k]} class ${v} outside [0, ${sizes[k]})`,
            );
          }
          sub[k] = v;
        }
        renderOriginal(toOriginal(), out, m * px);
      }
      return out;
    },
  };
  return ds;
}
