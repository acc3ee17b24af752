/**
 * A run's report.html in a real headless Chromium (Debian's chromium through playwright-core):
 * with the labelled traversal of the synthetic squares encoder (squares.ts), per-term loss panels,
 * one evaluation, the NMI heat map and the per-latent KL curves, the page loads without errors,
 * every image decodes and every chart is drawn. The screenshot lands in test-output/viz/report.png.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeReport } from "../../runtime/viz/report.js";
import { encodeExamples, writeLabelledTraversal } from "../../runtime/viz/run-traversal.js";
import { REPO } from "../cli/run-disc.js";
import { browserUnavailableReason, closeBrowser, openPage } from "../services/browser.js";
import { fakeRun } from "./fake-run.js";
import { D, squares, squaresDecoder, squaresEncoder } from "./squares.js";

const unavailable = browserUnavailableReason();
if (unavailable) console.warn(`skipping the run report browser test: ${unavailable}`);

describe.skipIf(unavailable !== null && process.env.CI !== "true")(
  "report.html in Chromium",
  () => {
    afterAll(closeBrowser);

    it("renders the labelled traversal, the loss panels, the heat map and the KL curves", async () => {
      const dir = fakeRun();
      const dataset = squares();
      const encode = squaresEncoder();
      const { kl } = await writeLabelledTraversal({
        outDir: dir,
        dataset,
        dim: D,
        encode,
        decode: squaresDecoder,
        examples: await encodeExamples(dataset, encode, D, 192),
        gif: true,
        nmiSamples: 2000,
      });
      writeFileSync(join(dir, "kl_per_latent.json"), JSON.stringify({ kl: Array.from(kl) }));
      const html = await writeReport(dir);
      const page = await openPage(html, { viewport: { width: 1200, height: 900 } });
      try {
        expect(page.errors()).toEqual([]);
        const headings = await page.page.locator("h2").allTextContents();
        for (const h of [
          "Loss terms",
          "Metrics during training",
          "Which latent carries which factor",
          "KL per latent over training",
          "Traversals, reconstructions, samples",
        ])
          expect(headings).toContain(h);
        // loss panels, metrics bars, KL bars, heat map, KL curves
        expect(await page.page.locator("svg").count()).toBe(5);
        expect(await page.page.textContent("p.summary")).toMatch(
          /^z0 ↔ scale \(NMI 1\.00\), z2 ↔ posX \(0\.\d\d\); shape: no latent ≥ 0\.2$/,
        );
        const images = await page.page
          .locator("img")
          .evaluateAll((els) =>
            els.map((e) => [
              e.getAttribute("alt"),
              (e as unknown as { naturalWidth: number }).naturalWidth,
            ]),
          );
        expect(images.map(([alt]) => alt)).toEqual(["traversal.gif", "traversal.png"]);
        expect(images.every(([, w]) => (w as number) > 200)).toBe(true);
        const out = join(REPO, "test-output", "viz");
        mkdirSync(out, { recursive: true });
        await page.screenshot(join(out, "report.png"));
      } finally {
        await page.close();
      }
    }, 120_000);
  },
);
