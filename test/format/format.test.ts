/**
 * The formatter: idempotent over every example and golden input, keeps every comment, keeps the
 * AST (formatting never changes meaning), and every example is already formatted
 * (the CI check `disc fmt --check examples`, run here so `npm test` covers it).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { astToJson, parse } from "../../grammar/index.js";
import { formatDis } from "../../compiler/format/format.js";
import { scanComments } from "../../compiler/format/comments.js";
import { disFiles, runFmt } from "../../compiler/cli/fmt-command.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The AST without positions, to compare meaning. */
function shape(text: string): unknown {
  return JSON.parse(
    JSON.stringify(astToJson(parse(text, "f.dis").ast), (k, v: unknown) =>
      k === "span" || k === "roleSpan" ? undefined : v,
    ),
  );
}

const inputs = [
  ...disFiles([join(ROOT, "examples")]),
  ...disFiles([join(ROOT, "test/golden/good")]).filter((f) => f.endsWith("input.dis")),
  ...disFiles([join(ROOT, "test/golden/bad")]).filter((f) => f.endsWith("input.dis")),
];

describe("disc fmt", () => {
  it("finds the inputs", () => {
    expect(inputs.length).toBeGreaterThan(20);
  });
  for (const file of inputs) {
    const rel = file.slice(ROOT.length);
    it(`is idempotent and keeps meaning and comments: ${rel}`, () => {
      const text = readFileSync(file, "utf8");
      const once = formatDis(text);
      if (once.text === undefined) {
        // syntax errors: the formatter refuses and says why
        expect(once.diagnostics.length).toBeGreaterThan(0);
        return;
      }
      expect(formatDis(once.text).text).toBe(once.text);
      expect(shape(once.text)).toEqual(shape(text));
      expect(scanComments(once.text).map((c) => c.text.replace(/\s+/g, " "))).toEqual(
        scanComments(text).map((c) => c.text.replace(/\s+/g, " ")),
      );
    });
  }

  it("examples/ is formatted (disc fmt --check examples)", () => {
    const write = process.stdout.write;
    let printed = "";
    process.stdout.write = ((s: string) => ((printed += s), true)) as typeof process.stdout.write;
    try {
      expect(runFmt([join(ROOT, "examples")], { check: true }), printed).toBe(0);
    } finally {
      process.stdout.write = write;
    }
  });
});
