/**
 * A run directory's two metric files, one documented pair:
 * - `evaluation.json` — written once when training ends: the spec's `evaluate` metrics at the
 *   final step, `Record<metric, MetricResult>` (what `disc study` aggregates);
 * - `eval.json` — every `disc eval` result, accumulated: `{ format: 2, model, results: [...] }`,
 *   one entry per metric, variant, sample count, seed, representation and checkpoint step. A
 *   later `disc eval` adds its results and replaces only an entry with the same key.
 * The first `disc eval` format (`{ model, step, checkpoint, metrics }`) is read as format 2.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { MetricResult } from "./types.js";

/** One `disc eval` result: which metric, where it was scored, when, and the MetricResult. */
export interface EvalEntry extends MetricResult {
  /** The metric's name (mig, dci, …). */
  metric: string;
  /** The checkpoint's step. */
  step: number;
  /** The checkpoint folder scored. */
  checkpoint: string;
  /** When it was scored (ISO 8601); absent in entries converted from the first format. */
  evaluated?: string;
}

/** What eval.json holds. */
export interface EvalLog {
  format: 2;
  model: string;
  results: EvalEntry[];
}

/** The key an entry is unique by: metric, variant, sample counts, seed, representation, step. */
export function evalKey(e: EvalEntry): string {
  const samples = `${e.samples.train}/${e.samples.test ?? ""}`;
  return [e.metric, e.variant, samples, e.seed, e.representation, e.step].join("|");
}

/**
 * Reads eval.json (either format); null when the file does not exist.
 * @throws Error naming the file when it is not JSON or not an eval.json.
 */
export function readEvalLog(path: string): EvalLog | null {
  if (!existsSync(path)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
  const o = raw as Partial<EvalLog> & {
    step?: number;
    checkpoint?: string;
    metrics?: Record<string, MetricResult>;
  };
  if (o && o.format === 2 && Array.isArray(o.results))
    return { format: 2, model: String(o.model ?? ""), results: o.results };
  if (o && typeof o.metrics === "object" && o.metrics !== null && typeof o.step === "number") {
    const { step, checkpoint = "" } = o;
    const results = Object.entries(o.metrics).map(([metric, r]) => ({
      metric,
      step,
      checkpoint,
      ...r,
    }));
    return { format: 2, model: String(o.model ?? ""), results };
  }
  throw new Error(`cannot read ${path}: not an eval.json written by disc eval`);
}

/**
 * Adds one `disc eval` invocation's results to `log` (null: a new log): an entry with the same
 * key (evalKey) is replaced in place, others are appended in the order given.
 */
export function mergeEvalResults(
  log: EvalLog | null,
  run: { model: string; step: number; checkpoint: string; evaluated: string },
  metrics: Record<string, MetricResult>,
): EvalLog {
  const results = [...(log?.results ?? [])];
  for (const [metric, r] of Object.entries(metrics)) {
    const entry: EvalEntry = {
      metric,
      step: run.step,
      checkpoint: run.checkpoint,
      evaluated: run.evaluated,
      ...r,
    };
    const at = results.findIndex((e) => evalKey(e) === evalKey(entry));
    if (at >= 0) results[at] = entry;
    else results.push(entry);
  }
  return { format: 2, model: run.model, results };
}

/** Writes eval.json atomically (a temporary file renamed over it). */
export function writeEvalLog(path: string, log: EvalLog): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(log, null, 2) + "\n");
  renameSync(`${path}.tmp`, path);
}

/** A metric's number as printed: integers (counts such as active_dims) as integers, else 4 decimals. */
export function formatMetricNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}
