/**
 * `study.html`: one self-contained page for a study directory — progress counts, a table per
 * configuration (median [q1, q3], mean ± 95 % CI and seeds finished for every metric), a box
 * plot of every metric per configuration, the Spearman matrix between metrics, the final loss
 * terms, and every run with a link to its own report.html. Charts are inline SVG.
 */
import { writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { StudyResult } from "./aggregate.js";
import { metricBoxPlotSvg, spearmanHeatmapSvg } from "./charts.js";
import type { Summary } from "./stats.js";
import { formatParamValue } from "../../compiler/study/expand.js";

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A number with 4 significant decimals, integers as integers. */
export function fmt(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toFixed(4);
}

function summaryCell(s: Summary | undefined): string {
  if (!s) return "<td>–</td>";
  const ci = s.ci95 ? ` ± ${fmt((s.ci95[1] - s.ci95[0]) / 2)}` : "";
  return `<td><b>${fmt(s.median)}</b> [${fmt(s.q1)}, ${fmt(s.q3)}]<br><small>mean ${fmt(s.mean)}${ci}, range ${fmt(s.min)}–${fmt(s.max)}, n ${s.n}</small></td>`;
}

function configurationTable(
  r: StudyResult,
  names: readonly string[],
  key: "metrics" | "losses",
): string {
  const axes = r.study.axes.map((a) => a.name);
  const head = [...axes, "seeds", ...names].map((h) => `<th>${esc(h)}</th>`).join("");
  const rows = r.configurations.map((c) => {
    const cells = axes.map((a) => `<td>${esc(formatParamValue(c.config[a]!))}</td>`).join("");
    const stats = names.map((n) => summaryCell(c[key][n])).join("");
    return `<tr>${cells}<td>${c.seedsFinished} / ${c.seeds}</td>${stats}</tr>`;
  });
  return `<table><tr>${head}</tr>${rows.join("")}</table>`;
}

function runsTable(r: StudyResult): string {
  const axes = r.study.axes.map((a) => a.name);
  const head = ["run", ...axes, "seed", "status", "time", ...r.metricNames, "report"]
    .map((h) => `<th>${esc(h)}</th>`)
    .join("");
  const rows = r.runs.map((run) => {
    const cells = [
      `<td>${run.index}</td>`,
      ...axes.map((a) => `<td>${esc(formatParamValue(run.config[a]!))}</td>`),
      `<td>${run.seed}</td>`,
      `<td class="${run.status}">${run.status}${run.attempts > 1 ? ` (${run.attempts} attempts)` : ""}</td>`,
      `<td>${run.seconds === null ? "" : `${Math.round(run.seconds)} s`}</td>`,
      ...r.metricNames.map((m) => `<td>${m in run.metrics ? fmt(run.metrics[m]!) : ""}</td>`),
      `<td>${run.report ? `<a href="${esc(run.report)}">report</a>` : ""}</td>`,
    ];
    return `<tr>${cells.join("")}</tr>`;
  });
  return `<table><tr>${head}</tr>${rows.join("")}</table>`;
}

/** Renders study.html for `result` into `studyDir` (atomically) and returns its path. */
export async function writeStudyReport(studyDir: string, result: StudyResult): Promise<string> {
  const parts: string[] = [];
  const c = result.counts;
  parts.push(
    `<p>${esc(result.study.spec)} · model <code>${esc(result.study.model)}</code> · ${result.runs.length} runs = ${result.configurations.length} configurations × ${result.study.seeds.length} seeds (${result.study.seeds.join(", ")})${result.study.steps !== null ? ` · --steps ${result.study.steps}` : ""}</p>`,
    `<p>finished ${c.finished} · running ${c.running} · interrupted ${c.interrupted} · failed ${c.failed} · not started ${c.missing} · updated ${esc(result.updated)}</p>`,
  );
  const order = result.configurations.map((x) => x.label);
  if (result.metricNames.length > 0) {
    parts.push(
      `<h2>Metrics per configuration</h2><p>Median [first, third quartile] over finished seeds; mean ± half-width of the 95 % Student-t confidence interval.</p>`,
      configurationTable(result, result.metricNames, "metrics"),
    );
    for (const m of result.metricNames) {
      const points = result.runs
        .filter((r) => m in r.metrics)
        .map((r) => ({
          configuration: result.configurations[r.configIndex]!.label,
          seed: r.seed,
          value: r.metrics[m]!,
        }));
      parts.push(`<figure>${await metricBoxPlotSvg(m, points, order)}</figure>`);
    }
    if (result.metricNames.length > 1) {
      parts.push(
        `<h2>Rank correlation between metrics</h2>`,
        await spearmanHeatmapSvg(result.spearman.metrics, result.spearman.rho),
      );
    }
  } else {
    parts.push(`<p>No run has finished with metrics yet.</p>`);
  }
  const lossNames = [...new Set(result.configurations.flatMap((x) => Object.keys(x.losses)))];
  if (lossNames.length > 0) {
    parts.push(
      `<h2>Final loss terms (nats)</h2><p>The last logged value of each term, over finished seeds.</p>`,
      configurationTable(result, lossNames, "losses"),
    );
  }
  parts.push(`<h2>Runs</h2>`, runsTable(result));
  const title = `${result.study.model} — disc study`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin-bottom:1em}
td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}small{color:#555}
figure{display:inline-block;margin:0 1em 1em 0}.failed{color:#b00}.finished{color:#070}
.running,.interrupted{color:#a60}</style></head><body><h1>${esc(title)}</h1>${parts.join("\n")}</body></html>`;
  const out = join(studyDir, "study.html");
  writeFileSync(`${out}.tmp-${process.pid}`, html);
  renameSync(`${out}.tmp-${process.pid}`, out);
  return out;
}
