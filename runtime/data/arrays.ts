/**
 * A Dataset from user arrays in `.npz` / `.npy` files (Shapes3D, MPI3D, … exported to NumPy):
 * images [N, H, W] or [N, H, W, C] plus optional integer factor classes [N, K] or [N].
 */
import { readNpy } from "./npy.js";
import type { NpyArray } from "./npy.js";
import { readNpz } from "./npz.js";
import type { Dataset } from "./types.js";
import { DataFileError } from "../errors.js";

export interface ArraysOptions {
  /** Member name of the images in an .npz (ignored for .npy). Default "images". */
  images?: string;
  /** Member name of the factor classes in an .npz; for a .npy images file, a path to a second .npy. */
  factors?: string;
  /** Names of the K factors (default factor_0 … factor_{K-1}). */
  factorNames?: readonly string[];
  /** Registry name of the Dataset (default "arrays"). */
  name?: string;
}

function toInt32Factors(a: NpyArray, n: number, what: string): { data: Int32Array; k: number } {
  if (a.shape[0] !== n || a.shape.length > 2) {
    throw new DataFileError(
      `${what}: factors must be [${n}, K] or [${n}], got [${a.shape.join(", ")}]`,
    );
  }
  const k = a.shape.length === 2 ? (a.shape[1] as number) : 1;
  const out = new Int32Array(n * k);
  for (let i = 0; i < out.length; i++) {
    const v = Number(a.data[i]);
    if (!Number.isInteger(v) || v < 0 || v > 2 ** 31 - 1) {
      throw new DataFileError(
        `${what}: factors must be non-negative integer class indices; element ${i} is ${v}`,
      );
    }
    out[i] = v;
  }
  return { data: out, k };
}

/**
 * Loads images (+ factors) from `.npz` or `.npy` files. uint8 images are scaled by 1/255
 * unless every value is 0 or 1 (binary sets stay {0, 1}); float images are used as they are
 * (float64 is converted to float32). factorSizes = 1 + the largest class of each column.
 * Throws Error naming the path for a missing file/member, a bad dtype or shape mismatch.
 */
export async function loadArrays(path: string, options: ArraysOptions = {}): Promise<Dataset> {
  const imagesKey = options.images ?? "images";
  let img: NpyArray;
  let fac: NpyArray | undefined;
  if (path.endsWith(".npy")) {
    img = await readNpy(path);
    if (options.factors !== undefined) fac = await readNpy(options.factors);
  } else {
    const keys = options.factors !== undefined ? [imagesKey, options.factors] : [imagesKey];
    const arrs = await readNpz(path, keys);
    img = arrs[imagesKey] as NpyArray;
    fac = options.factors !== undefined ? arrs[options.factors] : undefined;
  }
  if (img.shape.length !== 3 && img.shape.length !== 4) {
    throw new DataFileError(
      `${path}: images must be [N, H, W] or [N, H, W, C], got [${img.shape.join(", ")}]`,
    );
  }
  const [n, h, w] = img.shape as [number, number, number];
  const c = img.shape.length === 4 ? (img.shape[3] as number) : 1;
  const px = h * w * c;
  let pixels: Uint8Array | Float32Array;
  let scale = 1;
  if (img.data instanceof Uint8Array) {
    pixels = img.data;
    if (img.data.some((v) => v > 1)) scale = 1 / 255;
  } else if (img.data instanceof Float32Array) {
    pixels = img.data;
  } else if (img.data instanceof Float64Array) {
    pixels = Float32Array.from(img.data);
  } else {
    throw new DataFileError(
      `${path}: images must be uint8, bool, float32 or float64, got ${img.dtype}`,
    );
  }
  const factors =
    fac === undefined ? { data: new Int32Array(0), k: 0 } : toInt32Factors(fac, n, path);
  const k = factors.k;
  if (options.factorNames !== undefined && options.factorNames.length !== k) {
    throw new DataFileError(
      `${path}: ${options.factorNames.length} factor names given for ${k} factor columns`,
    );
  }
  const sizes = Array.from({ length: k }, () => 0);
  for (let i = 0; i < factors.data.length; i++) {
    const col = i % k;
    sizes[col] = Math.max(sizes[col] as number, (factors.data[i] as number) + 1);
  }
  const check = (i: number): void => {
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw new RangeError(`${path}: index ${i} outside [0, ${n})`);
  };
  return {
    name: options.name ?? "arrays",
    size: n,
    imageShape: [h, w, c],
    factorNames: options.factorNames
      ? [...options.factorNames]
      : sizes.map((_, j) => `factor_${j}`),
    factorSizes: sizes,
    images(indices: ArrayLike<number>): Float32Array {
      const out = new Float32Array(indices.length * px);
      for (let m = 0; m < indices.length; m++) {
        const i = indices[m] as number;
        check(i);
        const src = pixels.subarray(i * px, (i + 1) * px);
        if (scale === 1) out.set(src, m * px);
        else for (let p = 0; p < px; p++) out[m * px + p] = (src[p] as number) * scale;
      }
      return out;
    },
    factors(indices: ArrayLike<number>): Int32Array {
      const out = new Int32Array(indices.length * k);
      for (let m = 0; m < indices.length; m++) {
        const i = indices[m] as number;
        check(i);
        out.set(factors.data.subarray(i * k, (i + 1) * k), m * k);
      }
      return out;
    },
  };
}
