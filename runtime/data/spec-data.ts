/**
 * Two things a spec's `data` line says that the loaders do not: where a relative `path` is
 * (relative to the spec's folder, as `use` paths are) and which ground-truth factors y exposes
 * (`factors: [shape, scale]`).
 */
import { isAbsolute, resolve } from "node:path";
import { DataFileError } from "../errors.js";
import type { Dataset } from "./types.js";

/**
 * The folder relative data paths are read from: DISC_DATA_DIR, which `disc train` sets to the
 * spec's folder, else the working directory (a generated trainer run by itself).
 */
export function dataBaseDir(): string {
  return process.env["DISC_DATA_DIR"] || process.cwd();
}

/** `path` made absolute against dataBaseDir(); an absolute path stays as it is. */
export function resolveDataPath(path: string): string {
  return isAbsolute(path) ? path : resolve(dataBaseDir(), path);
}

/**
 * `base` with only the named factors as y (in the data set's order): factorNames, factorSizes,
 * factors() and sampleFactors() see the subset. Images by factor values are looked up among the
 * examples (observationsFromFactors falls back to lookup), so the unnamed factors vary as the data
 * do. Throws DataFileError for a name the data set does not have.
 */
export function selectFactorColumns(base: Dataset, names: readonly string[]): Dataset {
  const unknown = names.filter((n) => !base.factorNames.includes(n));
  if (unknown.length > 0)
    throw new DataFileError(
      `${base.name} has no factor(s) ${unknown.join(", ")} (it has: ${base.factorNames.join(", ") || "none"})`,
    );
  const cols = base.factorNames.flatMap((n, j) => (names.includes(n) ? [j] : []));
  if (cols.length === base.factorNames.length) return base;
  const k = base.factorNames.length;
  const pick = (all: Int32Array): Int32Array => {
    const n = all.length / k;
    const out = new Int32Array(n * cols.length);
    for (let i = 0; i < n; i++)
      cols.forEach((j, c) => (out[i * cols.length + c] = all[i * k + j] as number));
    return out;
  };
  const { observationsFromFactors: _o, sampleFactors, test, ...rest } = base;
  return {
    ...rest,
    factorNames: cols.map((j) => base.factorNames[j]!),
    factorSizes: cols.map((j) => base.factorSizes[j]!),
    images: (indices) => base.images(indices),
    factors: (indices) => pick(base.factors(indices)),
    ...(base.labels ? { labels: (indices: ArrayLike<number>) => base.labels!(indices) } : {}),
    ...(sampleFactors ? { sampleFactors: (n, rng) => pick(sampleFactors.call(base, n, rng)) } : {}),
    ...(test ? { test: selectFactorColumns(test, names) } : {}),
  };
}
