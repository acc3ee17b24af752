import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../compiler/diagnostics/types.js";
import { parse, spanToString } from "../../grammar/index.js";

const show = (d: Diagnostic): string => `${d.code} ${spanToString(d.span)}`;
const diags = (src: string): Diagnostic[] => parse(src, "t.dis").diagnostics;

describe("syntax diagnostics", () => {
  it("DIS1001: unexpected token, with a rule-specific hint", () => {
    const [d, ...rest] = diags("model m { encoder conv64() x -> z }");
    expect(rest).toEqual([]);
    expect(show(d!)).toBe("DIS1001 1:28-1:29");
    expect(d!.message).toBe("Expected `:` but found `x`.");
    expect(d!.hint).toContain("ROLE [NAME =] ARCH(args): IN -> OUT");
  });

  it("DIS1001: a value is missing", () => {
    const ds = diags("model m {\n  loss = recon(x) +\n  train { seed: 0 }\n}");
    expect(ds.map(show)).toEqual(["DIS1001 3:3-3:8"]);
    expect(ds[0]!.message).toBe(
      "Expected a value (a number, string, name, list or call) but found `train`.",
    );
  });

  it("DIS1002: missing `}` points at the opening brace", () => {
    const src = "model m {\n  train {\n    steps: 300k\n  evaluate every 10k { metrics: [mig] }\n}";
    const ds = diags(src);
    expect(ds.map(show)).toEqual(["DIS1002 4:3-4:11"]);
    expect(ds[0]!.message).toBe("Expected `}` to close the `train` block opened on line 2.");
    expect(ds[0]!.related?.map((r) => spanToString(r.span))).toEqual(["2:9-2:10"]);
  });

  it("DIS1002: missing `)` names the call", () => {
    const ds = diags("model m {\n  latent z ~ normal(10\n  encoder conv64(): x -> z\n}");
    expect(ds.map(show)).toEqual(["DIS1002 3:3-3:10"]);
    expect(ds[0]!.message).toBe(
      "Expected `)` to close the arguments of `normal` opened on line 2.",
    );
  });

  it("DIS1003, DIS1004, DIS1005 come from the lexer with exact spans", () => {
    expect(diags("model m { data d(batch: 64 @) }").map(show)).toEqual(["DIS1003 1:28-1:29"]);
    expect(diags('use "a.ts\nmodel m { }').map(show)).toEqual(["DIS1004 1:5-1:10"]);
    expect(diags("model m { latent z ~ normal(1.0.1) }").map(show)).toEqual(["DIS1005 1:29-1:34"]);
  });

  it("DIS1004: an unclosed comment does not also report the missing braces", () => {
    expect(diags("model m {\n  data d() /* to be done\n}\n").map(show)).toEqual([
      "DIS1004 2:12-4:1",
    ]);
  });

  it("DIS1006: a misspelled item keyword is one diagnostic with a suggestion", () => {
    const src =
      "model m {\n  data dsprites(batch: 64)\n  latnt z ~ normal(10)\n  encodr conv64(): x -> z\n  decoder deconv64(): z -> x ~ bernoulli\n}";
    const { ast, diagnostics } = parse(src, "t.dis");
    expect(diagnostics.map(show)).toEqual(["DIS1006 3:3-3:8", "DIS1006 4:3-4:9"]);
    expect(diagnostics[0]!.message).toBe(
      "Expected an item of a model (data, latent, encoder, loss, train, …) but found `latnt`.",
    );
    expect(diagnostics.map((d) => d.hint)).toEqual([
      "did you mean `latent`?",
      "did you mean `encoder`?",
    ]);
    expect(ast.models[0]!.items.map((i) => i.kind)).toEqual(["Data", "Network"]);
  });

  it("DIS1007: unexpected end of file names the open block", () => {
    const ds = diags("model m {\n  train { steps: 3");
    expect(ds.map(show)).toEqual(["DIS1007 2:19-2:19"]);
    expect(ds[0]!.message).toBe(
      "The file ends before `}` closes the `train` block opened on line 2.",
    );
    expect(diags("model m { loss = 1 +").map((d) => [d.code, d.message])).toEqual([
      [
        "DIS1007",
        "The file ends where a value (a number, string, name, list or call) was expected.",
      ],
    ]);
  });

  it("reports all errors of a file together, in order", () => {
    const src =
      "model m {\n  latent z ~ normal(10 @)\n  encoder conv64() x -> z\n  train { steps 300k; seed: 0 }\n}\n}";
    expect(diags(src).map((d) => d.code)).toEqual(["DIS1003", "DIS1001", "DIS1001", "DIS1001"]);
  });

  it("misplaced use lines and stray text between models", () => {
    expect(diags('model a { }\nuse "x.ts"').map((d) => [d.code, d.message])).toEqual([
      ["DIS1001", "A `use` line must come before the first `model`."],
    ]);
    const ds = diags("modle a { data d() }\nmodel b { }");
    expect(ds.map((d) => [show(d), d.hint])).toEqual([
      ["DIS1001 1:1-1:6", "did you mean `model`?"],
    ]);
  });

  it("never shows Chevrotain's raw messages", () => {
    const srcs = [
      "model",
      "model {",
      "model m { data }",
      "model m { head q = : -> }",
      "model m { loss = (1 + ) }",
      "model m { train { a: [1,, 2] } }",
      "model m { evaluate every { } }",
    ];
    for (const s of srcs) {
      const ds = diags(s);
      expect(ds.length).toBeGreaterThan(0);
      for (const d of ds) {
        expect(d.message).toMatch(/^[A-Z].*\.$/);
        expect(d.message).not.toMatch(/Expecting|token of type|--> |\{"kind"/);
        expect(d.code).toMatch(/^DIS100[1-7]$/);
      }
    }
  });
});

describe("recovery", () => {
  it("a missing `}` still yields the later items and the next model", () => {
    const src = `model a {
  data dsprites(batch: 64)
  train {
    optimizer: adam(lr: 5e-4)
    steps: 300k
  evaluate every 10k { metrics: [mig] }
  loss = recon(x) + kl(z)
}
model b { latent z ~ normal(10) }`;
    const { ast, diagnostics } = parse(src, "t.dis");
    expect(diagnostics.map((d) => d.code)).toEqual(["DIS1002"]);
    expect(ast.models.map((m) => m.name.name)).toEqual(["a", "b"]);
    expect(ast.models[0]!.items.map((i) => i.kind)).toEqual(["Data", "Train", "Evaluate", "Loss"]);
    const train = ast.models[0]!.items[1]!;
    expect(train.kind === "Train" && train.entries.map((e) => e.key.name)).toEqual([
      "optimizer",
      "steps",
    ]);
    expect(ast.models[1]!.items.map((i) => i.kind)).toEqual(["Variable"]);
  });

  it("a misspelled block keyword is one diagnostic, and the items after it survive", () => {
    const src =
      "model m {\n  trian {\n    steps: 300k\n    seed: 0\n  }\n  loss = recon(x) + kl(z)\n  evaluate every 10k { metrics: [mig] }\n}";
    const { ast, diagnostics } = parse(src, "t.dis");
    expect(diagnostics.map((d) => [d.code, spanToString(d.span), d.hint])).toEqual([
      ["DIS1006", "2:3-2:8", "did you mean `train`?"],
    ]);
    expect(ast.models[0]!.items.map((i) => i.kind)).toEqual(["Loss", "Evaluate"]);
  });

  it("a keyword used as an entry key is one diagnostic inside the block", () => {
    const src = "model m {\n  train {\n    discriminator: adam(lr: 1e-4)\n    steps: 5k\n  }\n}";
    const { ast, diagnostics } = parse(src, "t.dis");
    expect(diagnostics.map((d) => [d.code, spanToString(d.span), d.hint])).toEqual([
      ["DIS1001", "3:5-3:18", "`discriminator` is a keyword and cannot be an entry key."],
    ]);
    const train = ast.models[0]!.items[0]!;
    expect(train.kind === "Train" && train.entries.map((e) => e.key.name)).toEqual(["steps"]);
  });

  it("`evaluate 10k { … }` asks for `every` and keeps the period", () => {
    const { ast, diagnostics } = parse("model m { evaluate 10k { metrics: [mig] } }", "t.dis");
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["DIS1001", "Expected `every` before the evaluation period."],
    ]);
    const ev = ast.models[0]!.items[0]!;
    expect(ev.kind === "Evaluate" && ev.every).toMatchObject({ kind: "Number", value: 10000 });
  });

  it("missing names become placeholders flagged `missing`", () => {
    const { ast, diagnostics } = parse("model m { latent ~ normal(10)\n loss = }", "t.dis");
    expect(diagnostics.map((d) => d.code)).toEqual(["DIS1001", "DIS1001"]);
    const [v, l] = ast.models[0]!.items;
    expect(v).toMatchObject({
      kind: "Variable",
      name: { name: "", missing: true },
      distribution: { callee: { name: "normal" } },
    });
    expect(l).toMatchObject({ kind: "Loss", expr: { kind: "Ref", name: "", missing: true } });
  });

  it("a missing model `}` before the next model is one error", () => {
    const { ast, diagnostics } = parse("model a {\n  data d()\nmodel b {\n  data e()\n}", "t.dis");
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["DIS1002", "Expected `}` to close the `model a` block opened on line 1."],
    ]);
    expect(ast.models.map((m) => m.items.length)).toEqual([1, 1]);
  });
});
