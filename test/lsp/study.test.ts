/**
 * The language server on params and studies (services.ts as pure functions): keyword
 * completion of `param`/`study` among model items and `seeds`/`grid` inside a study, param
 * names in expressions and as grid axes, hover on a param reference (its value and where it
 * is declared), go to definition, the outline; and the TextMate grammar's new patterns.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { completions, definition, documentSymbols, hover } from "../../compiler/lsp/services.js";

const SPEC = `model m {
  param beta = 4.0
  param C = 25 nats
  data dsprites(batch: 64)
  latent z ~ normal(10)
  encoder conv64(): x -> z
  decoder deconv64(): z -> x ~ bernoulli
  loss = recon(x) + beta * kl(z) + capacity(z, max: C, over: 1k steps)
  study {
    seeds: 3
    grid {
      beta: [1, 2, 4]
    }
  }
}
`;

const at = (needle: string, skip = 0): number => SPEC.indexOf(needle) + skip;
const labels = (offset: number, text = SPEC): string[] =>
  completions(text, offset).map((c) => c.label);

describe("lsp: params and studies", () => {
  it("completes `param` and `study` where a model item starts", () => {
    const text = SPEC.replace("  data dsprites", "  \n  data dsprites");
    const offset = text.indexOf("  \n  data") + 2;
    expect(labels(offset, text)).toEqual(expect.arrayContaining(["param", "study", "loss"]));
  });

  it("completes `seeds` and `grid` inside a study, and only params inside a grid", () => {
    const inStudy = SPEC.replace("    seeds: 3\n", "    seeds: 3\n    \n");
    const o = inStudy.indexOf("seeds: 3\n") + "seeds: 3\n    ".length;
    expect(labels(o, inStudy)).toEqual(expect.arrayContaining(["seeds", "grid"]));
    expect(labels(o, inStudy)).not.toContain("param");
    const inGrid = SPEC.replace("      beta: [1, 2, 4]\n", "      beta: [1, 2, 4]\n      \n");
    const g = inGrid.indexOf("[1, 2, 4]\n") + "[1, 2, 4]\n      ".length;
    expect(labels(g, inGrid)).toEqual(["beta", "C"]);
  });

  it("completes param names in expressions, with their values", () => {
    const items = completions(SPEC, at("beta * kl"));
    expect(items.find((c) => c.label === "beta")?.detail).toBe("param = 4.0");
    expect(items.find((c) => c.label === "C")?.detail).toBe("param = 25 nats");
  });

  it("hovers a param reference with its value, its line and the grid's values", () => {
    const h = hover(SPEC, at("beta * kl", 1))!;
    expect(h.contents.value).toContain("**beta** — param = `4.0` (declared on line 2)");
    expect(h.contents.value).toContain("The study's grid tries `1`, `2`, `4`.");
    expect(hover(SPEC, at("max: C", 5))!.contents.value).toContain("param = `25 nats`");
  });

  it("hovers `seeds` and `grid` inside a study", () => {
    expect(hover(SPEC, at("seeds: 3", 1))!.contents.value).toMatch(/^`seeds` — /);
    expect(hover(SPEC, at("grid {", 1))!.contents.value).toContain("last one fastest");
  });

  it("goes to a param's declaration and lists params and the study in the outline", () => {
    const d = definition(SPEC, at("beta * kl", 1), "file:///s.dis")!;
    expect(d.range.start).toEqual({ line: 1, character: 8 });
    const children = documentSymbols(SPEC)[0]!.children!;
    expect(children.map((c) => [c.name, c.detail])).toEqual(
      expect.arrayContaining([
        ["beta", "param = 4.0"],
        ["C", "param = 25 nats"],
        ["study", undefined],
      ]),
    );
  });
});

describe("TextMate grammar: params and studies", () => {
  const grammar = JSON.parse(
    readFileSync(
      fileURLToPath(new URL("../../editors/vscode/syntaxes/dis.tmLanguage.json", import.meta.url)),
      "utf8",
    ),
  ) as {
    repository: Record<string, { patterns: { name?: string; match?: string }[] }>;
  };
  const matches = (rule: string, text: string): string[] =>
    grammar.repository[rule]!.patterns.filter(
      (p) => p.match !== undefined && new RegExp(p.match).test(text),
    ).map((p) => p.name ?? "captures");

  it("highlights `param NAME`, `study`, `grid {` and `seeds:`", () => {
    expect(matches("declarations", "param beta = 4")).toEqual(["captures"]);
    expect(matches("keywords", "study {")).toEqual(["keyword.other.dis"]);
    expect(matches("keywords", "grid {")).toEqual(["keyword.other.study.dis"]);
    expect(matches("keywords", "seeds: 3")).toEqual(["keyword.other.study.dis"]);
    expect(matches("keywords", "latent grid ~ normal(2)")).not.toContain("keyword.other.study.dis");
  });
});
