import { describe, expect, it } from "vitest";
import { renderDiagnostics, summaryLine } from "../../compiler/diagnostics/render.js";
import { closest, didYouMean, editDistance } from "../../compiler/diagnostics/suggest.js";
import { makeDiagnostic, sortDiagnostics } from "../../compiler/diagnostics/make.js";
import type { Span } from "../../grammar/ast.js";

const span = (line: number, col: number, len: number, offset = 0): Span => ({
  start: { offset, line, column: col },
  end: { offset: offset + len, line, column: col + len },
});

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and transpositions", () => {
    expect(editDistance("kl", "kl")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("total_corelation", "total_correlation")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("mss", "msm")).toBe(1);
    expect(editDistance("ab", "ba")).toBe(1); // one transposition
  });
  it("suggests only plausible typos", () => {
    expect(closest("kll", ["kl", "dip", "recon"])).toBe("kl");
    expect(closest("dimwise_lk", ["dimwise_kl", "kl"])).toBe("dimwise_kl");
    expect(closest("banana", ["kl", "dip"])).toBeUndefined();
    expect(didYouMean("Adam", ["adam", "sgd"])).toBe("did you mean `adam`?");
    expect(didYouMean("zzz", ["b", "a"])).toBe("valid names are `a`, `b`.");
  });
});

describe("renderDiagnostics", () => {
  const text = "model m {\n  latent z ~ normal(10)\n  loss = kll(z)\n}\n";
  it("prints location, code, excerpt, caret and tildes, hint and related spans", () => {
    const d = makeDiagnostic("DIS2001", span(3, 10, 3, 42), "Unknown penalty `kll`.", {
      hint: "did you mean `kl`?",
      related: [{ span: span(2, 10, 1, 19), message: "`z` is declared here." }],
    });
    expect(renderDiagnostics([d], text, "m.dis")).toBe(
      [
        "m.dis:3:10 - error DIS2001: Unknown penalty `kll`.",
        "",
        "3     loss = kll(z)",
        "             ^~~",
        "  hint: did you mean `kl`?",
        "",
        "  m.dis:2:10 - `z` is declared here.",
        "    2     latent z ~ normal(10)",
        "                 ^",
        "",
        "Found 1 error.",
        "",
      ].join("\n"),
    );
  });
  it("colors only when asked", () => {
    const d = makeDiagnostic("DIS3015", span(3, 10, 3), "Zero.", {});
    expect(renderDiagnostics([d], text, "m.dis")).not.toMatch(/\u001b\[/);
    expect(renderDiagnostics([d], text, "m.dis", { color: true })).toContain("warning");
  });
  it("summarises errors and warnings", () => {
    const e = makeDiagnostic("DIS2001", span(1, 1, 1), "E.");
    const w = makeDiagnostic("DIS3015", span(1, 1, 1), "W.");
    expect(summaryLine([e, e, w])).toBe("Found 2 errors and 1 warning.");
    expect(summaryLine([])).toBe("");
  });
  it("sorts by position and drops a second report of the same code at the same spot", () => {
    const a = makeDiagnostic("DIS2001", span(2, 1, 1, 10), "A.");
    const b = makeDiagnostic("DIS2001", span(1, 1, 1, 0), "B.");
    const a2 = makeDiagnostic("DIS2001", span(2, 1, 1, 10), "A again.");
    expect(sortDiagnostics([a, b, a2]).map((d) => d.message)).toEqual(["B.", "A."]);
  });
});
