/**
 * The report's metric tables: the spec's metrics scored when training ended (`evaluation.json`)
 * and every `disc eval` result (`eval.json`, accumulated), each its own table, so a later
 * `disc eval` never hides the training-time results. See runtime/metrics/eval-log.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatMetricNumber, readEvalLog, type EvalEntry } from "../metrics/eval-log.js";
import type { MetricResult } from "../metrics/types.js";

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const HEAD =
  "<th>metric</th><th>value</th><th>variant</th><th>train / test points</th><th>representation</th><th>seed</th><th>more</th>";

function cells(name: string, r: MetricResult): string {
  const extra = Object.entries(r.extra ?? {})
    .map(([k, v]) => `${k} = ${formatMetricNumber(Number(v))}`)
    .join(", ");
  const points = `${r.samples.train}${r.samples.test ? ` / ${r.samples.test}` : ""}`;
  // an eval log written before non-finite scores were refused may hold null
  const value = typeof r.value === "number" ? r.value.toFixed(4) : "—";
  return `<td>${esc(name)}</td><td>${value}</td><td>${esc(r.variant)}</td><td>${points}</td><td>${esc(r.representation)}</td><td>${r.seed}</td><td>${esc(extra)}</td>`;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** The step a finished run ended at (run.json), or null when unknown. */
function finalStep(runDir: string): number | null {
  const path = join(runDir, "run.json");
  if (!existsSync(path)) return null;
  const step = (readJson(path) as { step?: unknown }).step;
  return typeof step === "number" ? step : null;
}

/**
 * The HTML sections for `runDir`'s metric files (none, one or two). `lastLogged` is the last step
 * in metrics.jsonl, the training-time table's step when run.json has none.
 * @throws Error when a present file is malformed.
 */
export function metricSections(runDir: string, lastLogged?: number): string[] {
  const parts: string[] = [];
  const trainPath = join(runDir, "evaluation.json");
  if (existsSync(trainPath)) {
    const ev = readJson(trainPath) as Record<string, MetricResult>;
    const rows = Object.entries(ev).map(([name, r]) => `<tr>${cells(name, r)}</tr>`);
    const step = finalStep(runDir) ?? lastLogged ?? null;
    const at = step === null ? "end of training" : `end of training, step ${step}`;
    if (rows.length > 0)
      parts.push(
        `<h2>Disentanglement metrics (${esc(at)})</h2><table><tr>${HEAD}</tr>${rows.join("")}</table>`,
      );
  }
  const log = readEvalLog(join(runDir, "eval.json"));
  if (log !== null && log.results.length > 0) {
    const sorted = [...log.results].sort(
      (a: EvalEntry, b: EvalEntry) =>
        a.metric.localeCompare(b.metric) ||
        a.step - b.step ||
        a.variant.localeCompare(b.variant) ||
        a.samples.train - b.samples.train,
    );
    const steps = [...new Set(sorted.map((e) => e.step))].sort((a, b) => a - b);
    const at = steps.length === 1 ? `step ${steps[0]}` : `steps ${steps.join(", ")}`;
    const rows = sorted.map((e) => `<tr><td>${e.step}</td>${cells(e.metric, e)}</tr>`);
    parts.push(
      `<h2>Disentanglement metrics (disc eval, ${at})</h2><table><tr><th>step</th>${HEAD}</tr>${rows.join("")}</table>`,
    );
  }
  return parts;
}
