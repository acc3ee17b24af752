import { describe, expect, it } from "vitest";
import { tokenize } from "../../grammar/index.js";
import { numberValue } from "../../grammar/tokens.js";

const types = (src: string): string[] => tokenize(src).tokens.map((t) => `${t.type}:${t.image}`);

describe("tokenize", () => {
  it("splits keywords, identifiers, numbers, units and punctuation", () => {
    expect(types("latent z ~ normal(4 x 4)")).toEqual([
      "Latent:latent",
      "Identifier:z",
      "Tilde:~",
      "Identifier:normal",
      "LParen:(",
      "NumberLit:4",
      "Cross:x",
      "NumberLit:4",
      "RParen:)",
    ]);
    expect(types("anneal(0 -> 25, over: 100k steps) - 1.5M nats")).toEqual([
      "Identifier:anneal",
      "LParen:(",
      "NumberLit:0",
      "Arrow:->",
      "NumberLit:25",
      "Comma:,",
      "Over:over",
      "Colon::",
      "NumberLit:100k",
      "Steps:steps",
      "RParen:)",
      "Minus:-",
      "NumberLit:1.5M",
      "Nats:nats",
    ]);
  });

  it("keeps identifiers that start with a keyword whole", () => {
    expect(types("user model_name x2 encoders epochs_total")).toEqual([
      "Identifier:user",
      "Identifier:model_name",
      "Identifier:x2",
      "Identifier:encoders",
      "Identifier:epochs_total",
    ]);
  });

  it("reports 1-based lines and columns and 0-based offsets, skipping comments", () => {
    const { tokens, diagnostics } = tokenize("// head\nmodel /* a\n b */ m {\n}");
    expect(diagnostics).toEqual([]);
    expect(tokens.map((t) => [t.image, t.line, t.column, t.offset])).toEqual([
      ["model", 2, 1, 8],
      ["m", 3, 7, 25],
      ["{", 3, 9, 27],
      ["}", 4, 1, 29],
    ]);
  });

  it("lexes strings with escapes", () => {
    const { tokens } = tokenize('use "./a \\"b\\" \\\\c.ts"');
    expect(tokens[1]).toMatchObject({ type: "StringLit", image: '"./a \\"b\\" \\\\c.ts"' });
  });

  it("applies k/M suffixes and exponents exactly", () => {
    expect(numberValue("300k")).toBe(300000);
    expect(numberValue("1.1k")).toBe(1100);
    expect(numberValue("1.5M")).toBe(1500000);
    expect(numberValue("5e-4")).toBe(0.0005);
    expect(numberValue("2.5e2k")).toBe(250000);
    expect(numberValue(".5")).toBe(0.5);
    expect(numberValue("1.2.3")).toBeNaN();
  });

  it("reports unknown characters as DIS1003 with their span", () => {
    const { tokens, diagnostics } = tokenize("a @@ b # c");
    expect(tokens.map((t) => t.image)).toEqual(["a", "b", "c"]);
    expect(diagnostics.map((d) => [d.code, d.span.start.column, d.span.end.column])).toEqual([
      ["DIS1003", 3, 5],
      ["DIS1003", 8, 9],
    ]);
    expect(diagnostics[1]!.hint).toContain("//");
  });

  it("reports unterminated strings and comments as DIS1004", () => {
    const s = tokenize('a "open\nb');
    expect(s.diagnostics.map((d) => [d.code, d.span.start.offset, d.span.end.offset])).toEqual([
      ["DIS1004", 2, 7],
    ]);
    expect(s.tokens.map((t) => t.image)).toEqual(["a", '"open', "b"]);
    const c = tokenize("a /* never\nclosed");
    expect(
      c.diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.column, d.span.end.line]),
    ).toEqual([["DIS1004", 1, 3, 2]]);
  });

  it("reports malformed numbers as DIS1005 and suggests spaces for shapes", () => {
    const { tokens, diagnostics } = tokenize("1.2.3 5e 4x4 12abc");
    expect(tokens).toHaveLength(4);
    expect(diagnostics.map((d) => d.code)).toEqual(["DIS1005", "DIS1005", "DIS1005", "DIS1005"]);
    expect(diagnostics[2]!.hint).toBe("write a shape with spaces: `4 x 4`.");
    expect(diagnostics[0]!.span).toEqual({
      start: { offset: 0, line: 1, column: 1 },
      end: { offset: 5, line: 1, column: 6 },
    });
  });
});
