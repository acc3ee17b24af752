/**
 * Deterministic expansion of a study: run *i* always means the same configuration and seed.
 *
 * The grid's axes expand in declaration order with the last axis fastest (like nested loops
 * written in that order), the seeds innermost, so runs of one configuration are contiguous and
 * `index = configIndex · seeds.length + seedIndex` — disentanglement_lib's "model number".
 */
import type { ParamValue, StudyRun, StudySpec } from "./types.js";

/** The number of configurations (product of the axes' lengths; 1 without a grid). */
export function configurationCount(spec: Pick<StudySpec, "axes">): number {
  return spec.axes.reduce((n, a) => n * a.values.length, 1);
}

/** The number of runs: configurations × seeds. */
export function runCount(spec: Pick<StudySpec, "axes" | "seeds">): number {
  return configurationCount(spec) * spec.seeds.length;
}

/** A value as the CLI and directory names write it: `4`, `0.0005`, `mss`. */
export function formatParamValue(v: ParamValue): string {
  return typeof v === "number" ? String(v) : v;
}

/** Characters kept in a slug; everything else becomes `_`. */
const UNSAFE = /[^A-Za-z0-9._=+-]/g;

/** The configuration of configuration number `c` (0-based), axis name → value. */
export function configurationAt(
  spec: Pick<StudySpec, "axes">,
  c: number,
): Record<string, ParamValue> {
  const config: Record<string, ParamValue> = {};
  let rest = c;
  for (let a = spec.axes.length - 1; a >= 0; a--) {
    const axis = spec.axes[a]!;
    config[axis.name] = axis.values[rest % axis.values.length]!;
    rest = Math.floor(rest / axis.values.length);
  }
  // Report the axes in declaration order.
  return Object.fromEntries(spec.axes.map((a) => [a.name, config[a.name]!]));
}

/**
 * Run number `index` of the study.
 * @throws RangeError when `index` is not an integer in [0, runCount(spec)).
 */
export function studyRunAt(spec: Pick<StudySpec, "axes" | "seeds">, index: number): StudyRun {
  const total = runCount(spec);
  if (!Number.isInteger(index) || index < 0 || index >= total) {
    throw new RangeError(`run index ${index} is outside 0..${total - 1}`);
  }
  const seedIndex = index % spec.seeds.length;
  const configIndex = Math.floor(index / spec.seeds.length);
  const config = configurationAt(spec, configIndex);
  const seed = spec.seeds[seedIndex]!;
  const width = Math.max(3, String(total - 1).length);
  const parts = Object.entries(config).map(([k, v]) => `${k}=${formatParamValue(v)}`);
  const slug = [String(index).padStart(width, "0"), ...parts, `s${seed}`]
    .join("-")
    .replace(UNSAFE, "_");
  return { index, configIndex, seedIndex, seed, config, slug };
}

/** Every run of the study, in index order. */
export function expandStudy(spec: Pick<StudySpec, "axes" | "seeds">): StudyRun[] {
  return Array.from({ length: runCount(spec) }, (_, i) => studyRunAt(spec, i));
}

/** A configuration's label for tables and plots: `beta=4, lr=0.0005` (or `defaults`). */
export function configurationLabel(config: Readonly<Record<string, ParamValue>>): string {
  const parts = Object.entries(config).map(([k, v]) => `${k}=${formatParamValue(v)}`);
  return parts.length > 0 ? parts.join(", ") : "defaults";
}
