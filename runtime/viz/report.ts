/**
 * `writeReport(runDir)`: one self-contained `report.html` for a run directory (images inlined as
 * base64, charts as inline SVG). It reads, when present:
 * - `config.json` — the resolved spec (shown verbatim);
 * - `metrics.jsonl` — one JSON object per line with a numeric `step`; nested numbers are
 *   flattened with "/" (e.g. {loss: {recon: 1}} → "loss/recon"). Fields named like a metric
 *   (METRIC_NAMES, or prefixed "metrics/" or "eval/") go to the metric chart, the other numbers
 *   (except step, epoch, time, elapsed, rate) to the loss-term chart;
 * - `kl_per_latent.json` — [D] numbers or { kl: [D] } (nats), or a `kl_per_latent` array in the
 *   last metrics.jsonl record;
 * - `latent_factors.json` and metrics.jsonl's `kl_per_latent` records — the latent × factor NMI
 *   heat map and each latent's KL over training (./report-latents.ts);
 * - `evaluation.json` (the metrics when training ended) and `eval.json` (every `disc eval`
 *   result), each its own table (./metric-tables.ts);
 * - every `.png` / `.gif` in runDir and runDir/viz (traversals, reconstructions, samples);
 * - `warnings.jsonl` — the training loop's health warnings, listed first.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { METRIC_NAMES } from "../metrics/evaluate.js";
import { barChartSvg, metricsChartSvg, panelChartSvg, type SeriesPoint } from "./charts.js";
import { metricSections } from "./metric-tables.js";
import { latentSections } from "./report-latents.js";

const SKIP = new Set(["step", "epoch", "time", "elapsed", "rate", "wall", "timestamp"]);
const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function flatten(o: unknown, prefix: string, out: Map<string, number>): void {
  if (typeof o === "number" && Number.isFinite(o)) out.set(prefix, o);
  else if (o && typeof o === "object" && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o)) flatten(v, prefix ? `${prefix}/${k}` : k, out);
  }
}

const isMetric = (key: string): boolean =>
  key.startsWith("metrics/") ||
  key.startsWith("eval/") ||
  METRIC_NAMES.includes(key.split("/")[0] ?? "");

/** Parses metrics.jsonl text into loss and metric series; reports malformed lines by number. */
export function parseMetricsJsonl(text: string): {
  loss: SeriesPoint[];
  metric: SeriesPoint[];
  last: Record<string, unknown> | null;
} {
  const loss: SeriesPoint[] = [];
  const metric: SeriesPoint[] = [];
  let last: Record<string, unknown> | null = null;
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      throw new Error(`metrics.jsonl line ${i + 1} is not valid JSON.`);
    }
    if (!rec || typeof rec !== "object") return;
    const r = rec as Record<string, unknown>;
    last = r;
    if (typeof r.step !== "number") return;
    const flat = new Map<string, number>();
    flatten(r, "", flat);
    for (const [k, v] of flat) {
      if (SKIP.has(k)) continue;
      (isMetric(k) ? metric : loss).push({ step: r.step, series: k, value: v });
    }
  });
  return { loss, metric, last };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/**
 * Writes `<runDir>/report.html` and returns its path.
 * @throws Error when runDir does not exist or a present file is malformed.
 */
export async function writeReport(runDir: string): Promise<string> {
  if (!existsSync(runDir)) throw new Error(`run directory ${runDir} does not exist.`);
  const parts: string[] = [];
  const configPath = join(runDir, "config.json");
  const config = existsSync(configPath) ? readJson(configPath) : null;
  const mPath = join(runDir, "metrics.jsonl");
  const series = existsSync(mPath) ? parseMetricsJsonl(readFileSync(mPath, "utf8")) : null;
  parts.push(...warningsSection(join(runDir, "warnings.jsonl")));
  if (series && series.loss.length > 0)
    parts.push(
      `<h2>Loss terms</h2>${await panelChartSvg(series.loss, "loss terms (each on its own axis)", "nats")}`,
    );
  if (series && series.metric.length > 0) {
    // headline values only (eval/<name>, not eval/<name>/<extra>); the Gaussian TC (nats,
    // unbounded) gets its own chart so the [0, 1] scores stay readable
    const headline = series.metric.filter(
      (p) => !(p.series.startsWith("eval/") && p.series.split("/").length > 2),
    );
    const nats = headline.filter((p) => p.series.includes("gaussian_tc"));
    const scores = headline.filter((p) => !p.series.includes("gaussian_tc"));
    const charts = [
      scores.length > 0 ? await metricsChartSvg(scores, "metrics") : "",
      nats.length > 0 ? await metricsChartSvg(nats, "Gaussian total correlation", "nats") : "",
    ];
    parts.push(`<h2>Metrics during training</h2>${charts.join("")}`);
  }
  const lastStep = series?.last?.["step"];
  parts.push(...metricSections(runDir, typeof lastStep === "number" ? lastStep : undefined));
  const klPath = join(runDir, "kl_per_latent.json");
  const klRaw = existsSync(klPath) ? readJson(klPath) : (series?.last?.kl_per_latent ?? null);
  const kl = Array.isArray(klRaw)
    ? klRaw
    : klRaw && typeof klRaw === "object" && Array.isArray((klRaw as { kl?: unknown }).kl)
      ? (klRaw as { kl: unknown[] }).kl
      : null;
  if (kl && kl.every((v) => typeof v === "number"))
    parts.push(
      `<h2>KL per latent</h2>${await barChartSvg(kl as number[], "mean KL per latent", "nats")}`,
    );
  parts.push(...(await latentSections(runDir)));
  const images: string[] = [];
  for (const dir of [runDir, join(runDir, "viz")]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      const ext = f.toLowerCase().endsWith(".png")
        ? "png"
        : f.toLowerCase().endsWith(".gif")
          ? "gif"
          : null;
      if (!ext) continue;
      const b64 = readFileSync(join(dir, f)).toString("base64");
      images.push(
        `<figure><img src="data:image/${ext};base64,${b64}" alt="${esc(f)}"><figcaption>${esc(f)}</figcaption></figure>`,
      );
    }
  }
  if (images.length > 0)
    parts.push(`<h2>Traversals, reconstructions, samples</h2>${images.join("")}`);
  const header = resolvedSpecHeader(join(runDir, "trainer.ts"));
  if (header !== null) parts.push(`<h2>Resolved spec</h2><pre>${esc(header)}</pre>`);
  if (config !== null) {
    const json = `<pre>${esc(JSON.stringify(config, null, 2))}</pre>`;
    parts.push(
      header !== null
        ? `<details><summary>config.json</summary>${json}</details>`
        : `<h2>Resolved spec (config.json)</h2>${json}`,
    );
  }
  const c = config as { name?: unknown; spec?: { name?: unknown } } | null;
  const title =
    typeof c?.spec?.name === "string" ? c.spec.name : typeof c?.name === "string" ? c.name : runDir;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)} — disc report</title><style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}figure{display:inline-block;margin:0 1em 1em 0}
img{image-rendering:pixelated;min-width:128px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
pre{background:#f6f6f6;padding:1em;overflow:auto}.warnings li{color:#8a4b00}.summary{font-size:1.1em}.note{color:#555;font-size:.9em}</style></head><body><h1>${esc(title)}</h1>${parts.join("\n")}</body></html>`;
  const out = join(runDir, "report.html");
  writeFileSync(out, html);
  return out;
}

/**
 * The run's health warnings (warnings.jsonl: {step, message} lines written by the training
 * loop), one list at the top of the report; none when the file is absent or empty. Lines that
 * are not JSON are skipped.
 */
function warningsSection(path: string): string[] {
  if (!existsSync(path)) return [];
  const items: string[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      const w = JSON.parse(line) as { message?: unknown };
      if (typeof w.message === "string")
        items.push(`<li>${esc(w.message.replace(/^warning: /, ""))}</li>`);
    } catch {
      // a line cut by a kill: the rest are still shown
    }
  }
  return items.length > 0 ? [`<h2>Warnings</h2><ul class="warnings">${items.join("")}</ul>`] : [];
}

/** The "Resolved spec" block of a generated trainer's header comment, or null when absent. */
function resolvedSpecHeader(trainerPath: string): string | null {
  if (!existsSync(trainerPath)) return null;
  const text = readFileSync(trainerPath, "utf8");
  const end = text.indexOf("*/");
  const start = text.indexOf("Resolved spec");
  if (start < 0 || end < 0 || start > end) return null;
  return text
    .slice(start, end)
    .split("\n")
    .slice(1)
    .map((l) => l.replace(/^ \* ?/, ""))
    .join("\n")
    .trimEnd();
}
