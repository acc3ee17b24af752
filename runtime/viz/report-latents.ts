/**
 * report.html's sections about the latents: the latent × factor normalised-MI heat map
 * (`latent_factors.json`, written with the traversal) with the sentence that names which latent
 * captures which factor, and each latent dimension's KL over training (metrics.jsonl's
 * `kl_per_latent` records, logged every log_every steps).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { heatMapSvg, lineChartSvg, type MatrixCell, type SeriesPoint } from "./charts.js";
import { readLatentFactors } from "./latent-files.js";
import { COLLAPSED_KL, factorSummary, formatNats } from "./latent-labels.js";

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Each latent dimension's KL over training from metrics.jsonl text: one series per dimension,
 * named `<latent><d>` ("z3"), values in nats. Lines without `kl_per_latent` are skipped.
 */
export function latentKlSeries(text: string): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const line of text.split("\n")) {
    if (!line.includes('"kl_per_latent"')) continue;
    let rec: { step?: unknown; kl_per_latent?: unknown };
    try {
      rec = JSON.parse(line) as typeof rec;
    } catch {
      continue;
    }
    const kl = rec.kl_per_latent;
    if (typeof rec.step !== "number" || !kl || typeof kl !== "object") continue;
    for (const [name, values] of Object.entries(kl as Record<string, unknown>)) {
      if (!Array.isArray(values)) continue;
      values.forEach((v, d) => {
        if (typeof v === "number")
          out.push({ step: rec.step as number, series: `${name}${d}`, value: v });
      });
    }
  }
  return out;
}

/** The heat map section, or null when the run has no latent_factors.json. */
async function nmiSection(runDir: string): Promise<string | null> {
  const f = readLatentFactors(join(runDir, "latent_factors.json"));
  if (f === null || f.nmi.length === 0) return null;
  const D = f.nmi.length;
  const kl = f.kl && f.kl.length === D ? f.kl : null;
  const order = Array.from({ length: D }, (_, d) => d);
  if (kl) order.sort((a, b) => kl[b]! - kl[a]! || a - b);
  const name = (d: number) =>
    !kl
      ? `z${d}`
      : kl[d]! < COLLAPSED_KL
        ? `z${d} · collapsed`
        : `z${d} · ${formatNats(kl[d]!)} nats`;
  const cells: MatrixCell[] = [];
  for (const d of order)
    f.factors.forEach((factor, k) =>
      cells.push({ latent: name(d), factor, value: f.nmi[d]![k] ?? 0 }),
    );
  const svg = await heatMapSvg(
    cells,
    order.map(name),
    f.factors,
    "normalised mutual information, latent × factor",
    "NMI",
  );
  const summary = factorSummary({ kl: kl ?? order.map(() => 1), factors: f.factors, nmi: f.nmi });
  const how = `NMI = I(z<sub>j</sub>; v<sub>k</sub>) / H(v<sub>k</sub>): the discretised mutual information MIG uses (${f.bins ?? 20} equal-width bins per latent, posterior mean, ${f.samples ?? "?"} points), divided by the factor's entropy. Rows sorted by KL.`;
  return `<h2>Which latent carries which factor</h2>${summary ? `<p class="summary">${esc(summary)}</p>` : ""}${svg}<p class="note">${how}</p>`;
}

/**
 * The latent sections of report.html (HTML strings, in page order): the NMI heat map and the
 * per-latent KL over training, each only when its data is there.
 */
export async function latentSections(runDir: string): Promise<string[]> {
  const parts: string[] = [];
  const heat = await nmiSection(runDir);
  if (heat !== null) parts.push(heat);
  const mPath = join(runDir, "metrics.jsonl");
  const series = existsSync(mPath) ? latentKlSeries(readFileSync(mPath, "utf8")) : [];
  if (series.length > 0)
    parts.push(
      `<h2>KL per latent over training</h2>${await lineChartSvg(series, "KL per latent dimension (training batch mean)", "nats")}`,
    );
  return parts;
}
