/**
 * The real dSprites file `dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz` (Matthey et al. 2017):
 * `imgs` uint8 [N, 64, 64] is streamed and bit-packed (N·512 bytes: 377 MB for the full set),
 * `latents_classes` int64 [N, 6] gives the factors (color column dropped).
 */
import { DSPRITES_N, pool2x2 } from "./dsprites-render.js";
import { DSPRITES_FACTOR_NAMES, DSPRITES_FACTOR_SIZES, dspritesIndex } from "./dsprites.js";
import { openNpz } from "./npz.js";
import type { Dataset } from "./types.js";
import { DataFileError } from "../errors.js";

const PX = 64 * 64;
const PACKED = PX / 8;

/** ORs 0/1 bytes (element offset `off`) into `packed`, MSB first; throws on a value > 1. */
function packBits(bytes: Uint8Array, off: number, packed: Uint8Array): void {
  const bad = (j: number): never => {
    throw new DataFileError(`imgs are not binary: value ${bytes[j]} at element ${off + j}`);
  };
  const one = (j: number): void => {
    const v = bytes[j] as number;
    if (v > 1) bad(j);
    const e = off + j;
    if (v) packed[e >> 3] = (packed[e >> 3] as number) | (128 >> (e & 7));
  };
  let j = 0;
  while (j < bytes.length && ((off + j) & 7) !== 0) one(j++);
  for (; j + 8 <= bytes.length; j += 8) {
    const b0 = bytes[j] as number,
      b1 = bytes[j + 1] as number,
      b2 = bytes[j + 2] as number,
      b3 = bytes[j + 3] as number;
    const b4 = bytes[j + 4] as number,
      b5 = bytes[j + 5] as number,
      b6 = bytes[j + 6] as number,
      b7 = bytes[j + 7] as number;
    if ((b0 | b1 | b2 | b3 | b4 | b5 | b6 | b7) > 1) for (let q = j; q < j + 8; q++) one(q);
    packed[(off + j) >> 3] =
      (b0 << 7) | (b1 << 6) | (b2 << 5) | (b3 << 4) | (b4 << 3) | (b5 << 2) | (b6 << 1) | b7;
  }
  while (j < bytes.length) one(j++);
}

/**
 * Loads a dSprites .npz (the real file, or any file with the same two members and N rows).
 * Returns a Dataset: images float32 [n, S, S, 1] (S = 64, or 32 with `size: 32`: 2×2 average
 * pool), factors int32 [n, 5] (shape, scale, orientation, posX, posY), and
 * observationsFromFactors by canonical index arithmetic when the file is in canonical order,
 * else by lookup. Throws Error naming the path for a missing file/member, a wrong dtype or
 * shape, non-binary pixels, or classes outside [3, 6, 40, 32, 32].
 */
export async function loadDspritesNpz(
  path: string,
  options: { size?: 64 | 32 } = {},
): Promise<Dataset> {
  const size = options.size ?? 64;
  const npz = await openNpz(path);
  let classes: Int32Array;
  let packed: Uint8Array;
  let n: number;
  try {
    const lc = await npz.read("latents_classes");
    if (
      lc.shape.length !== 2 ||
      lc.shape[1] !== 6 ||
      !(lc.data instanceof BigInt64Array || lc.data instanceof Int32Array)
    ) {
      throw new DataFileError(
        `${path}: latents_classes must be int64 [N, 6], got ${lc.dtype} [${lc.shape.join(", ")}]`,
      );
    }
    n = lc.shape[0] as number;
    classes = new Int32Array(n * 5);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 5; k++) {
        const v = Number(lc.data[i * 6 + k + 1]);
        if (v < 0 || v >= (DSPRITES_FACTOR_SIZES[k] as number)) {
          throw new DataFileError(
            `${path}: latents_classes[${i}, ${k + 1}] = ${v} outside [0, ${DSPRITES_FACTOR_SIZES[k]})`,
          );
        }
        classes[i * 5 + k] = v;
      }
    }
    packed = new Uint8Array(0);
    await npz.stream(
      "imgs",
      (h) => {
        if (
          h.dtype !== "u1" ||
          h.shape.length !== 3 ||
          h.shape[0] !== n ||
          h.shape[1] !== 64 ||
          h.shape[2] !== 64
        ) {
          throw new DataFileError(
            `imgs must be uint8 [${n}, 64, 64], got ${h.dtype} [${h.shape.join(", ")}]`,
          );
        }
        packed = new Uint8Array(n * PACKED);
      },
      (bytes, off) => packBits(bytes, off, packed),
    );
  } finally {
    npz.close();
  }

  let canonical = n === DSPRITES_N;
  for (let i = 0; canonical && i < n; i++) {
    const c = classes.subarray(i * 5, i * 5 + 5);
    canonical =
      dspritesIndex(
        c[0] as number,
        c[1] as number,
        c[2] as number,
        c[3] as number,
        c[4] as number,
      ) === i;
  }
  let lookup: Map<number, number> | null = null;
  if (!canonical) {
    lookup = new Map();
    for (let i = 0; i < n; i++) {
      const c = classes.subarray(i * 5, i * 5 + 5);
      lookup.set(
        dspritesIndex(
          c[0] as number,
          c[1] as number,
          c[2] as number,
          c[3] as number,
          c[4] as number,
        ),
        i,
      );
    }
  }

  const scratch = new Uint8Array(PX);
  const outPx = size * size;
  const unpackInto = (i: number, out: Float32Array, at: number): void => {
    const base = i * PACKED;
    for (let p = 0; p < PX; p++)
      scratch[p] = ((packed[base + (p >> 3)] as number) >> (7 - (p & 7))) & 1;
    if (size === 64) for (let p = 0; p < PX; p++) out[at + p] = scratch[p] as number;
    else pool2x2(scratch, 0, out, at);
  };
  const check = (i: number): void => {
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw new RangeError(`dsprites (${path}): index ${i} outside [0, ${n})`);
  };

  return {
    name: "dsprites",
    size: n,
    imageShape: [size, size, 1],
    factorNames: [...DSPRITES_FACTOR_NAMES],
    factorSizes: [...DSPRITES_FACTOR_SIZES],
    images(indices: ArrayLike<number>): Float32Array {
      const out = new Float32Array(indices.length * outPx);
      for (let m = 0; m < indices.length; m++) {
        const i = indices[m] as number;
        check(i);
        unpackInto(i, out, m * outPx);
      }
      return out;
    },
    factors(indices: ArrayLike<number>): Int32Array {
      const out = new Int32Array(indices.length * 5);
      for (let m = 0; m < indices.length; m++) {
        const i = indices[m] as number;
        check(i);
        out.set(classes.subarray(i * 5, i * 5 + 5), m * 5);
      }
      return out;
    },
    observationsFromFactors(factors: Int32Array): Float32Array {
      if (factors.length % 5 !== 0)
        throw new RangeError(
          `dsprites: factors must be int32 [n, 5], got length ${factors.length}`,
        );
      const m = factors.length / 5;
      const out = new Float32Array(m * outPx);
      for (let r = 0; r < m; r++) {
        const f = factors.subarray(r * 5, r * 5 + 5);
        for (let k = 0; k < 5; k++) {
          const v = f[k] as number;
          if (v < 0 || v >= (DSPRITES_FACTOR_SIZES[k] as number)) {
            throw new RangeError(
              `dsprites: row ${r} factor ${DSPRITES_FACTOR_NAMES[k]} class ${v} outside [0, ${DSPRITES_FACTOR_SIZES[k]})`,
            );
          }
        }
        const key = dspritesIndex(
          f[0] as number,
          f[1] as number,
          f[2] as number,
          f[3] as number,
          f[4] as number,
        );
        const i = lookup === null ? key : lookup.get(key);
        if (i === undefined || i < 0 || i >= n) {
          throw new RangeError(
            `dsprites (${path}): no image with factor classes [${[...f].join(", ")}]`,
          );
        }
        unpackInto(i, out, r * outPx);
      }
      return out;
    },
  };
}
