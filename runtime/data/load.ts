/**
 * The data-set registry: `loadDataset(name, args)` → Dataset.
 */
import { loadArrays } from "./arrays.js";
import { createDsprites } from "./dsprites.js";
import type { DspritesOptions } from "./dsprites.js";
import { loadDspritesNpz } from "./dsprites-npz.js";
import { loadFashionMnist, loadMnist } from "./mnist.js";
import { createPendulum } from "./pendulum.js";
import { createRng, shuffle } from "./rng.js";
import { resolveDataPath, selectFactorColumns } from "./spec-data.js";
import type { Dataset } from "./types.js";

export type DatasetName = "dsprites" | "mnist" | "fashion_mnist" | "pendulum" | "arrays";
export const DATASET_NAMES: readonly DatasetName[] = [
  "dsprites",
  "mnist",
  "fashion_mnist",
  "pendulum",
  "arrays",
];

const ALLOWED: Record<DatasetName, readonly string[]> = {
  dsprites: ["size", "path", "factors", "limit", "seed"],
  mnist: ["path", "limit", "seed"],
  fashion_mnist: ["path", "limit", "seed"],
  pendulum: ["size", "channels", "effectBins", "labelScale", "limit", "seed"],
  arrays: ["path", "images", "factors", "factorNames", "limit", "seed"],
};

function opt<T>(
  args: Record<string, unknown>,
  key: string,
  check: (v: unknown) => v is T,
  expected: string,
  ds: string,
): T | undefined {
  const v = args[key];
  if (v === undefined) return undefined;
  if (!check(v))
    throw new TypeError(`${ds}: argument '${key}' must be ${expected}, got ${JSON.stringify(v)}`);
  return v;
}
const isStr = (v: unknown): v is string => typeof v === "string";
const isPosInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const isInt = (v: unknown): v is number => Number.isInteger(v);
const isObj = (v: unknown): v is Record<string, number[]> =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((a) => Array.isArray(a) && a.every(isInt));

/**
 * The first-`limit` examples (in order) or, for grid data sets, a seeded uniform random
 * subset of `limit` examples kept in index order. Factor-based rendering stays the parent's.
 */
export function subsetDataset(
  base: Dataset,
  limit: number,
  random: boolean,
  seed: number,
): Dataset {
  if (limit >= base.size) return base;
  let ids: Int32Array;
  if (random) {
    const all = Int32Array.from({ length: base.size }, (_, i) => i);
    ids = shuffle(all, createRng(`subset/${seed}`))
      .slice(0, limit)
      .sort();
  } else ids = Int32Array.from({ length: limit }, (_, i) => i);
  const map = (indices: ArrayLike<number>): Int32Array => {
    const out = new Int32Array(indices.length);
    for (let m = 0; m < indices.length; m++) {
      const i = indices[m] as number;
      if (!Number.isInteger(i) || i < 0 || i >= limit)
        throw new RangeError(`${base.name}: index ${i} outside [0, ${limit})`);
      out[m] = ids[i] as number;
    }
    return out;
  };
  const sub: Dataset = {
    ...base,
    size: limit,
    images: (indices) => base.images(map(indices)),
    factors: (indices) => base.factors(map(indices)),
    ...(base.labels
      ? {
          labels: (indices: ArrayLike<number>) =>
            (base.labels as NonNullable<Dataset["labels"]>).call(base, map(indices)),
        }
      : {}),
  };
  return sub;
}

/**
 * Spec-level arguments (as resolved in the IR) → loader arguments: `batch` belongs to the batch
 * stream, `path: ""` means "no file", and `factors: []` means "all factors"; a non-empty list of
 * factor names is the subset y exposes (returned apart, applied after loading).
 */
function fromSpecArgs(args: Record<string, unknown>): {
  args: Record<string, unknown>;
  subset?: string[];
} {
  const out: Record<string, unknown> = {};
  let subset: string[] | undefined;
  for (const [key, value] of Object.entries(args)) {
    if (key === "batch" || (key === "path" && value === "")) continue;
    if (key === "factors" && Array.isArray(value)) {
      if (value.length > 0) subset = value.map(String);
      continue;
    }
    out[key] = value;
  }
  return { args: out, ...(subset ? { subset } : {}) };
}

/**
 * Loads a data set by registry name. args: dsprites {size 64|32, path (real .npz; else
 * procedural), factors (sub-grid, procedural only), limit, seed}; mnist / fashion_mnist {path
 * (IDX folder), limit}; pendulum {size, channels 1|3, effectBins, labelScale, limit, seed};
 * arrays {path (.npz/.npy), images, factors, factorNames, limit}. `limit` keeps n examples:
 * the first n for mnist/fashion_mnist/arrays, a seeded random subset for dsprites/pendulum.
 * A relative `path` is read from the spec's folder (spec-data.ts) and the data set records the
 * absolute one as `file`; a list of factor names as `factors` keeps only those factors in y.
 * Throws DataFileError (a user error) for a missing, malformed or unsuitable file or factor name,
 * Error for an unknown name or argument or a bad argument type.
 */
export async function loadDataset(
  name: DatasetName | string,
  specArgs: Record<string, unknown> = {},
): Promise<Dataset> {
  const { args, subset } = fromSpecArgs(specArgs);
  const base = await loadBase(name, args);
  return subset ? selectFactorColumns(base, subset) : base;
}

async function loadBase(name: string, args: Record<string, unknown>): Promise<Dataset> {
  if (!(DATASET_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown data set '${name}'; known: ${DATASET_NAMES.join(", ")}`);
  }
  const ds = name as DatasetName;
  for (const key of Object.keys(args)) {
    if (!ALLOWED[ds].includes(key))
      throw new Error(`${ds}: unknown argument '${key}'; allowed: ${ALLOWED[ds].join(", ")}`);
  }
  const given = opt(args, "path", isStr, "a file path string", ds);
  const path = given === undefined ? undefined : resolveDataPath(given);
  const limit = opt(args, "limit", isPosInt, "a positive integer", ds);
  const seed = opt(args, "seed", isInt, "an integer", ds) ?? 0;
  let out: Dataset;
  let randomSubset = false;
  switch (ds) {
    case "dsprites": {
      const size = opt(args, "size", (v): v is 64 | 32 => v === 64 || v === 32, "64 or 32", ds);
      const factors = opt(args, "factors", isObj, "an object of class-index arrays", ds);
      if (path !== undefined && factors !== undefined)
        throw new Error(
          "dsprites: 'factors' subsets apply to the procedural set only, not to 'path'",
        );
      out =
        path !== undefined
          ? await loadDspritesNpz(path, size !== undefined ? { size } : {})
          : createDsprites({
              ...(size !== undefined ? { size } : {}),
              ...(factors ? { factors: factors as DspritesOptions["factors"] } : {}),
            });
      randomSubset = true;
      break;
    }
    case "mnist":
    case "fashion_mnist": {
      const load = ds === "mnist" ? loadMnist : loadFashionMnist;
      out = await load({
        ...(path !== undefined ? { path } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
      return path !== undefined ? { ...out, file: path } : out;
    }
    case "pendulum": {
      const size = opt(args, "size", isPosInt, "a positive integer", ds);
      const channels = opt(args, "channels", (v): v is 1 | 3 => v === 1 || v === 3, "1 or 3", ds);
      const effectBins = opt(args, "effectBins", isPosInt, "a positive integer", ds);
      const labelScale = opt(
        args,
        "labelScale",
        (v): v is "raw" | "causalvae" => v === "raw" || v === "causalvae",
        '"raw" or "causalvae"',
        ds,
      );
      out = createPendulum({
        ...(size !== undefined ? { size } : {}),
        ...(channels !== undefined ? { channels } : {}),
        ...(effectBins !== undefined ? { effectBins } : {}),
        ...(labelScale !== undefined ? { labelScale } : {}),
      });
      randomSubset = true;
      break;
    }
    case "arrays": {
      if (path === undefined)
        throw new Error("arrays: argument 'path' (.npz or .npy file) is required");
      const images = opt(args, "images", isStr, "a member name", ds);
      const factors = opt(args, "factors", isStr, "a member name or .npy path", ds);
      const factorNames = opt(
        args,
        "factorNames",
        (v): v is string[] => Array.isArray(v) && v.every(isStr),
        "an array of strings",
        ds,
      );
      out = await loadArrays(path, {
        ...(images ? { images } : {}),
        ...(factors ? { factors } : {}),
        ...(factorNames ? { factorNames } : {}),
      });
      break;
    }
  }
  if (path !== undefined) out = { ...out, file: path };
  return limit !== undefined ? subsetDataset(out, limit, randomSubset, seed) : out;
}
export { createBatchStream, sampleFactors, observationsFromFactors } from "./batches.js";
