/**
 * The syntax of params and studies: `param NAME = VALUE` and `study { seeds: …  grid { … } }`
 * as model items; `param` and `study` are keywords, `grid` and `seeds` stay ordinary words
 * outside a study; broken study blocks give one diagnostic each, naming the block.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../compiler/diagnostics/types.js";
import { parse, spanToString, tokenize } from "../../grammar/index.js";
import type { ParamDecl, StudyBlock } from "../../grammar/ast.js";
import { items, sexpr } from "./helpers.js";

const show = (d: Diagnostic): string => `${d.code} ${spanToString(d.span)}`;
const diags = (src: string): Diagnostic[] => parse(src, "t.dis").diagnostics;

describe("params and studies: syntax", () => {
  it("lexes `param` and `study` as keywords and `grid`, `seeds`, `params` as identifiers", () => {
    const types = tokenize("param study grid seeds params studying").tokens.map((t) => t.type);
    expect(types).toEqual([
      "Param",
      "Study",
      "Identifier",
      "Identifier",
      "Identifier",
      "Identifier",
    ]);
  });

  it("parses params with numbers, units, negatives and names", () => {
    const its = items(
      "model m {\n  param beta = 4.0\n  param C = 25 nats\n  param shift = -1\n  param est = mss\n}",
    ) as ParamDecl[];
    expect(its.map((p) => [p.kind, p.name.name, sexpr(p.value)])).toEqual([
      ["Param", "beta", "4"],
      ["Param", "C", "25nats"],
      ["Param", "shift", "(neg 1)"],
      ["Param", "est", "mss"],
    ]);
    expect(spanToString(its[0]!.span)).toBe("2:3-2:19");
  });

  it("parses a study's entries and grid in source order, on one line too", () => {
    const [study] = items(
      "model m { study { seeds: 3, grid { beta: [1, 2]; est: [mss, mws] } } }",
    ) as StudyBlock[];
    expect(study!.kind).toBe("Study");
    expect(study!.items.map((i) => i.kind)).toEqual(["Entry", "Grid"]);
    const grid = study!.items[1]!;
    if (grid.kind !== "Grid") throw new Error("no grid");
    expect(grid.keyword.name).toBe("grid");
    expect(grid.entries.map((e) => `${e.key.name}=${sexpr(e.value)}`)).toEqual([
      "beta=[1, 2]",
      "est=[mss, mws]",
    ]);
  });

  it("keeps `grid` and `seeds` usable as ordinary names elsewhere", () => {
    const its = items("model m { latent grid ~ normal(2)\n train { seed: 0 } }");
    expect(its.map((i) => i.kind)).toEqual(["Variable", "Train"]);
  });

  it("a study entry without a colon is one diagnostic naming the block", () => {
    const ds = diags(
      "model m {\n  study {\n    seeds [0, 1]\n    grid {\n      lr [1e-4]\n    }\n  }\n}",
    );
    expect(ds.map(show)).toEqual(["DIS1001 3:5-3:10", "DIS1001 5:7-5:9"]);
    expect(ds[0]!.message).toBe(
      "Expected an entry `key: value` in the `study` block but found `seeds`.",
    );
    expect(ds[1]!.message).toBe(
      "Expected an entry `key: value` in the `grid` block but found `lr`.",
    );
  });

  it("an unclosed study block points at its brace, and the next item survives", () => {
    const { ast, diagnostics } = parse(
      "model m {\n  study {\n    seeds: 2\n  loss = recon(x)\n}",
      "t.dis",
    );
    expect(diagnostics.map((d) => d.message)).toEqual([
      "Expected `}` to close the `study` block opened on line 2.",
    ]);
    expect(ast.models[0]!.items.map((i) => i.kind)).toEqual(["Study", "Loss"]);
  });

  it("a misspelled `param` is one DIS1006 with a suggestion", () => {
    const ds = diags("model m {\n  parm beta = 4\n}");
    expect(ds.map(show)).toEqual(["DIS1006 2:3-2:7"]);
    expect(ds[0]!.hint).toBe("did you mean `param`?");
  });
});
