/**
 * study.html in a real headless Chromium (Debian's chromium through playwright-core): the page
 * of a hand-made study loads without errors, draws one box plot per metric and the Spearman
 * matrix, and links every run's report. The screenshot lands in test-output/study/.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expandStudy } from "../../compiler/study/expand.js";
import { FILE_START } from "../../compiler/diagnostics/make.js";
import { aggregateStudy } from "../../runtime/study/aggregate.js";
import { writeStudyReport } from "../../runtime/study/report.js";
import { writeRunState } from "../../runtime/study/state.js";
import { browserUnavailableReason, closeBrowser, openPage } from "../services/browser.js";
import { REPO } from "../cli/run-disc.js";

const unavailable = browserUnavailableReason();
if (unavailable) console.warn(`skipping the study report browser test: ${unavailable}`);

describe.skipIf(unavailable !== null && process.env.CI !== "true")("study.html in Chromium", () => {
  afterAll(closeBrowser);

  it("renders box plots, the rank-correlation matrix and run links", async () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-study-html-"));
    const span = { start: FILE_START.start, end: FILE_START.end };
    const axes = [{ name: "beta", values: [1, 2, 4, 8], span }];
    const seeds = [0, 1, 2];
    const runs = expandStudy({ axes, seeds });
    for (const run of runs) {
      const runDir = join(dir, "runs", run.slug);
      mkdirSync(runDir, { recursive: true });
      const beta = run.config.beta as number;
      const mig = 0.05 * Math.log2(beta) + 0.02 * run.seed;
      writeFileSync(
        join(runDir, "evaluation.json"),
        JSON.stringify({ mig: { value: mig }, sap: { value: mig / 2 + 0.01 * (run.seed % 2) } }),
      );
      writeFileSync(
        join(runDir, "metrics.jsonl"),
        JSON.stringify({ step: 100, recon_x: 100 + 5 * beta, kl_z: 20 / beta }) + "\n",
      );
      writeFileSync(join(runDir, "report.html"), `<html><body><h1>${run.slug}</h1></body></html>`);
      writeRunState(dir, {
        index: run.index,
        slug: run.slug,
        config: run.config,
        seed: run.seed,
        fingerprint: "f",
        configuration: {},
        status: "finished",
        attempts: 0,
        exitCode: 0,
        seconds: 300 + run.index,
        host: "h",
        pid: 1,
        startedAt: "2026-01-01T00:00:00Z",
        endedAt: "2026-01-01T00:05:00Z",
      });
    }
    const result = aggregateStudy(dir, {
      spec: "beta-sweep.dis",
      model: "beta_sweep",
      axes,
      seeds,
      runs,
      steps: null,
    });
    const html = await writeStudyReport(dir, result);
    const page = await openPage(html, { viewport: { width: 1200, height: 900 } });
    try {
      expect(page.errors()).toEqual([]);
      expect(await page.page.textContent("h1")).toBe("beta_sweep — disc study");
      // two box plots (mig, sap) + the Spearman heat map
      expect(await page.page.locator("svg").count()).toBe(3);
      expect(await page.page.locator('a[href$="report.html"]').count()).toBe(12);
      const shot = join(REPO, "test-output", "study", "study.png");
      mkdirSync(join(REPO, "test-output", "study"), { recursive: true });
      await page.screenshot(shot);
      await page.page.click(`a[href="runs/${runs[4]!.slug}/report.html"]`);
      expect(await page.page.textContent("h1")).toBe(runs[4]!.slug);
    } finally {
      await page.close();
    }
  }, 120_000);
});
