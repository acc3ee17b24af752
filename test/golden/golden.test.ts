/**
 * Golden tests: every case folder `test/golden/{good,bad}/<topic>/<case>/` holds `input.dis`
 * and the expected output of each stage:
 * - good cases: `expected.ast.json`, `expected.ir.json` (and `expected.diagnostics.txt` when
 *   the case has warnings); they must have no errors;
 * - bad cases: `expected.diagnostics.txt` (rendered, no color) of the front end and the choice of
 *   the model to compile, plus the recovered `expected.ast.json` for `syntax` cases. A case named
 *   `dis2001-…` must report DIS2001.
 * Accept new outputs with `npm run golden:accept` (GOLDEN_ACCEPT=1), then review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { astToJson } from "../../grammar/index.js";
import { compile, runFrontEnd } from "../../compiler/driver.js";
import { renderDiagnostics } from "../../compiler/diagnostics/render.js";
import { caseDirs } from "./cases.js";

const ROOT = fileURLToPath(new URL(".", import.meta.url));
const ACCEPT = process.env["GOLDEN_ACCEPT"] === "1";

/** Compares `actual` with the file, or writes it when accepting. */
function golden(dir: string, file: string, actual: string): void {
  const path = join(dir, file);
  if (ACCEPT) {
    writeFileSync(path, actual);
    return;
  }
  expect(existsSync(path), `${relative(ROOT, path)} is missing; run npm run golden:accept`).toBe(
    true,
  );
  expect(actual).toBe(readFileSync(path, "utf8"));
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

describe("golden: good", () => {
  for (const dir of caseDirs(join(ROOT, "good"))) {
    it(relative(ROOT, dir), () => {
      const text = readFileSync(join(dir, "input.dis"), "utf8");
      const r = runFrontEnd(text, "input.dis");
      const rendered = renderDiagnostics(r.diagnostics, text, "input.dis");
      expect(
        r.diagnostics.filter((d) => d.severity === "error"),
        rendered,
      ).toEqual([]);
      golden(dir, "expected.ast.json", json(astToJson(r.ast)));
      golden(dir, "expected.ir.json", json(r.ir));
      if (r.diagnostics.length > 0) golden(dir, "expected.diagnostics.txt", rendered);
    });
  }
});

describe("golden: bad", () => {
  for (const dir of caseDirs(join(ROOT, "bad"))) {
    const rel = relative(ROOT, dir);
    it(rel, async () => {
      const text = readFileSync(join(dir, "input.dis"), "utf8");
      // the front end plus the choice of the model to compile (DIS3026), as `disc compile --emit ir`
      const r = await compile(text, "input.dis", { stopAfter: "ir" });
      expect(r.diagnostics.length).toBeGreaterThan(0);
      const code = /(?:^|\/)(dis\d{4})-[^/]*$/.exec(rel)?.[1]?.toUpperCase();
      if (code) expect(r.diagnostics.map((d) => d.code)).toContain(code);
      golden(dir, "expected.diagnostics.txt", renderDiagnostics(r.diagnostics, text, "input.dis"));
      if (rel.startsWith("bad/syntax/")) golden(dir, "expected.ast.json", json(astToJson(r.ast)));
    });
  }
});
