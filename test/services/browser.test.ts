// A real headless Chromium (Debian's /usr/bin/chromium through playwright-core): a page with an
// inline SVG is opened from a file, checked for errors, read back, and screenshotted to
// test-output/services/. Runs whenever CI=true; elsewhere it skips, saying why, only where
// Chromium is not installed.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { browserUnavailableReason, closeBrowser, openPage } from "./browser.ts";

const inCI = !!process.env.CI && process.env.CI !== "false" && process.env.CI !== "0";
const unavailable = browserUnavailableReason();
if (unavailable && !inCI) console.warn(`[skip] browser tests: ${unavailable}`);

const OUT = resolve("test-output/services");

describe.skipIf(unavailable !== null && !inCI)("a real headless Chromium", () => {
  afterAll(closeBrowser);

  it("renders an inline SVG from a file with no errors, reads it back and screenshots it", async () => {
    mkdirSync(OUT, { recursive: true });
    const html = join(OUT, "svg-page.html");
    writeFileSync(
      html,
      `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>disc browser check</title>
<style>body { font-family: "DejaVu Sans", sans-serif; margin: 24px; } h1 { font-size: 20px; }</style>
</head>
<body>
<h1 id="title">disc: a page in real Chromium</h1>
<svg id="chart" width="320" height="160" viewBox="0 0 320 160" xmlns="http://www.w3.org/2000/svg">
  <rect x="0" y="0" width="320" height="160" fill="#f4f4f4" stroke="#333"/>
  <rect x="20" y="60" width="60" height="80" fill="#1f77b4"/>
  <rect x="100" y="30" width="60" height="110" fill="#ff7f0e"/>
  <rect x="180" y="90" width="60" height="50" fill="#2ca02c"/>
  <text id="label" x="160" y="20" text-anchor="middle" font-size="14">KL per latent (nats)</text>
</svg>
<p id="computed"></p>
<script>
  document.getElementById("computed").textContent =
    "bars: " + document.querySelectorAll("#chart rect").length;
</script>
</body>
</html>
`,
    );
    const started = Date.now();
    const p = await openPage(html);
    try {
      expect(p.errors()).toEqual([]);
      expect(await p.page.textContent("#label")).toBe("KL per latent (nats)");
      expect(await p.page.textContent("#computed")).toBe("bars: 4"); // the script ran
      const box = await p.page.locator("#chart").boundingBox();
      expect(box && [box.width, box.height]).toEqual([320, 160]);

      const shot = await p.screenshot(join(OUT, "svg-page.png"));
      const png = PNG.sync.read(readFileSync(shot));
      expect(png.width).toBe(1024);
      expect(png.height).toBeGreaterThanOrEqual(160);
      // the orange bar (#ff7f0e) is really drawn: sample its middle, 24px page margin + svg offset
      const svgTop = Math.round(box!.y);
      const svgLeft = Math.round(box!.x);
      const i = ((svgTop + 100) * png.width + (svgLeft + 130)) * 4;
      expect([png.data[i], png.data[i + 1], png.data[i + 2]]).toEqual([0xff, 0x7f, 0x0e]);
      console.log(
        `browser: opened, checked and screenshotted in ${Date.now() - started} ms -> ${shot}`,
      );
    } finally {
      await p.close();
    }
  }, 90_000);

  it("collects console errors, uncaught exceptions and failed loads", async () => {
    mkdirSync(OUT, { recursive: true });
    const html = join(OUT, "broken-page.html");
    writeFileSync(
      html,
      `<!doctype html><html><head><meta charset="utf-8"></head><body>
<img src="missing.png" alt="">
<script>console.error("boom from console"); throw new Error("boom thrown");</script>
</body></html>
`,
    );
    const p = await openPage(html);
    try {
      expect(p.consoleErrors.some((e) => e.includes("boom from console"))).toBe(true);
      expect(p.pageErrors.some((e) => e.includes("boom thrown"))).toBe(true);
      expect(p.failedRequests.some((e) => e.includes("missing.png"))).toBe(true);
    } finally {
      await p.close();
    }
  }, 90_000);
});
