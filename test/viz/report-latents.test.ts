/**
 * report.html's readable charts: one panel per loss term with its own axis (reconstruction at
 * ~110 nats beside penalties of a few nats), labelled bars for a single evaluation instead of a
 * one-point line, the latent × factor NMI heat map with its sentence, and each latent's KL over
 * training from metrics.jsonl's kl_per_latent records.
 */
import { readFileSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { writeReport } from "../../runtime/viz/report.js";
import { latentKlSeries } from "../../runtime/viz/report-latents.js";
import { latentSummaryLines } from "../../runtime/viz/latent-files.js";
import { summary } from "../../compiler/cli/train-output.js";
import { dirs, fakeRun } from "./fake-run.js";

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Text of every <text> element of the SVG charts, in order. */
const svgTexts = (html: string): string[] =>
  [...html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe("report.html charts a researcher can read", () => {
  it("draws one panel per loss term, each with its own y axis", async () => {
    const html = readFileSync(await writeReport(fakeRun()), "utf8");
    const texts = svgTexts(html);
    expect(texts).toContain("loss terms (each on its own axis)");
    for (const term of ["recon_x", "total_correlation_z", "dimwise_kl_z", "total"])
      expect(texts).toContain(term);
    // the penalty panel's axis spans its own 1–10 nats, not 0–130
    const tc = texts.indexOf("total_correlation_z");
    const ticks = texts
      .slice(tc - 8, tc)
      .map(Number)
      .filter(Number.isFinite);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(12);
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(0);
  });

  it("shows a single evaluation as labelled bars, not a lone tick", async () => {
    const html = readFileSync(await writeReport(fakeRun()), "utf8");
    const texts = svgTexts(html);
    expect(texts).toContain("metrics at step 400 (one evaluation)");
    expect(texts).toContain("eval/mig");
    expect(texts).toContain("0.2500");
  });

  it("draws the latent × factor NMI heat map, its sentence, and each latent's KL over training", async () => {
    const dir = fakeRun();
    const html = readFileSync(await writeReport(dir), "utf8");
    expect(html).toContain("<h2>Which latent carries which factor</h2>");
    expect(html).toContain("z0 ↔ posX (NMI 0.52), z2 ↔ posY (0.47); shape: no latent ≥ 0.2");
    const texts = svgTexts(html);
    expect(texts).toContain("normalised mutual information, latent × factor");
    // rows sorted by KL, with the KL in the row name; every cell printed
    const rows = ["z0 · 2.41 nats", "z2 · 1.20 nats", "z1 · collapsed"];
    expect(rows.map((r) => texts.indexOf(r))).toEqual(
      [...rows.map((r) => texts.indexOf(r))].sort((a, b) => a - b),
    );
    expect(rows.every((r) => texts.includes(r))).toBe(true);
    expect(texts.filter((t) => /^0\.\d\d$/.test(t)).length).toBeGreaterThanOrEqual(9);
    expect(html).toContain("<h2>KL per latent over training</h2>");
    expect(texts).toContain("KL per latent dimension (training batch mean)");
    expect(latentSummaryLines(dir)).toEqual([
      "latents: 2 of 3 carry information; z1: collapsed, KL < 0.1 nats",
      "latents ↔ factors: z0 ↔ posX (NMI 0.52), z2 ↔ posY (0.47); shape: no latent ≥ 0.2",
    ]);
  });

  it("disc train's closing lines say which latent captures which factor", () => {
    const outDir = fakeRun();
    const text = summary({
      outDir,
      steps: 400,
      startStep: 0,
      seconds: 10,
      evaluationSeconds: 0,
      stepsPerSecond: 40,
      last: { total: 111 },
    });
    const lines = text.split("\n");
    const at = lines.indexOf("latents: 2 of 3 carry information; z1: collapsed, KL < 0.1 nats");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(
      "latents ↔ factors: z0 ↔ posX (NMI 0.52), z2 ↔ posY (0.47); shape: no latent ≥ 0.2",
    );
    expect(lines[at + 2]).toMatch(/^open .*report\.html/);
  });

  it("reads each latent dimension's KL series from metrics.jsonl", () => {
    const series = latentKlSeries(
      '{"step":10,"kl_per_latent":{"z":[1,2]}}\n{"step":20,"total":3}\nnot json\n{"step":30,"kl_per_latent":{"z":[3,4],"c":[5]}}\n',
    );
    expect(series).toEqual([
      { step: 10, series: "z0", value: 1 },
      { step: 10, series: "z1", value: 2 },
      { step: 30, series: "z0", value: 3 },
      { step: 30, series: "z1", value: 4 },
      { step: 30, series: "c0", value: 5 },
    ]);
  });
});
