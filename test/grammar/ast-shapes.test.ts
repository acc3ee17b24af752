import { describe, expect, it } from "vitest";
import type {
  DataDecl,
  EvaluateBlock,
  NetworkDecl,
  ScmDecl,
  TrainBlock,
  VariableDecl,
} from "../../grammar/ast.js";
import { astToJson, spanToString } from "../../grammar/index.js";
import { items, lossExpr, parseOk, sexpr } from "./helpers.js";

describe("expressions", () => {
  it("gives ^ over * over + and folds left", () => {
    expect(sexpr(lossExpr("1 + 2 * 3 ^ 2"))).toBe("(+ 1 (* 2 (^ 3 2)))");
    expect(sexpr(lossExpr("a - b - c / d / e"))).toBe("(- (- a b) (/ (/ c d) e))");
    expect(sexpr(lossExpr("(1 + 2) * 3"))).toBe("(* (+ 1 2) 3)");
  });

  it("makes ^ right-associative and binds unary minus looser than ^", () => {
    expect(sexpr(lossExpr("2 ^ 3 ^ 2"))).toBe("(^ 2 (^ 3 2))");
    expect(sexpr(lossExpr("-2 ^ 2"))).toBe("(neg (^ 2 2))");
    expect(sexpr(lossExpr("2 ^ -1"))).toBe("(^ 2 (neg 1))");
    expect(sexpr(lossExpr("gan(x) - -1.0 * info(c)"))).toBe("(- gan(x) (* (neg 1) info(c)))");
  });

  it("applies magnitude suffixes and keeps the source text", () => {
    const e = lossExpr("300k");
    expect(e).toMatchObject({ kind: "Number", value: 300000, text: "300k" });
    expect(lossExpr("5e-4")).toMatchObject({ kind: "Number", value: 0.0005, text: "5e-4" });
    expect(lossExpr("1.5M")).toMatchObject({ kind: "Number", value: 1.5e6 });
  });

  it("attaches units, with the unit inside the number's span", () => {
    const e = lossExpr("capacity(z, max: 25 nats, over: 100k steps)");
    expect(sexpr(e)).toBe("capacity(z, max: 25nats, over: 100000steps)");
    if (e.kind !== "Call") throw new Error("call expected");
    const over = e.args[2]!.value;
    expect(over).toMatchObject({ kind: "Number", value: 100000, unit: "steps", text: "100k" });
    expect(spanToString(over.span)).toBe("1:50-1:60");
  });

  it("parses shapes, ranges, records and lists", () => {
    expect(lossExpr("normal(4 x 4)")).toMatchObject({
      args: [{ value: { kind: "Shape", dims: [{ value: 4 }, { value: 4 }] } }],
    });
    expect(sexpr(lossExpr("normal(2 x 3 x 4)"))).toBe("normal(2x3x4)");
    expect(sexpr(lossExpr("anneal(0 -> 25, over: 100k steps)"))).toBe(
      "anneal((0 -> 25), over: 100000steps)",
    );
    expect(sexpr(lossExpr("anneal(-1 -> 2 * 3)"))).toBe("anneal(((neg 1) -> (* 2 3)))");
    expect(sexpr(lossExpr("f(opts: (range: 2.0, n: 3), xs: [1, a, [2],])"))).toBe(
      "f(opts: {range: 2, n: 3}, xs: [1, a, [2]])",
    );
    expect(sexpr(lossExpr('f("a\\"b", [], g())'))).toBe('f("a\\"b", [], g())');
  });

  it("accepts role keywords as values and keywords as argument names", () => {
    expect(
      sexpr(lossExpr("total_correlation(z, estimator: discriminator, over: 3, every: 2)")),
    ).toBe("total_correlation(z, estimator: discriminator, over: 3, every: 2)");
  });
});

describe("items", () => {
  it("parses data, variables and scm", () => {
    const [d, v, n, s] = items(
      "model m { data dsprites(batch: 64, size: 32); latent z ~ normal(4 x 4), noise n ~ uniform(-1, 1, size: 62)\n scm A over z (concepts: [a, b], init: zeros) }",
    ) as [DataDecl, VariableDecl, VariableDecl, ScmDecl];
    expect(d).toMatchObject({
      kind: "Data",
      dataset: { name: "dsprites" },
      args: [{ name: { name: "batch" }, value: { value: 64 } }, { name: { name: "size" } }],
    });
    expect(v).toMatchObject({
      kind: "Variable",
      role: "latent",
      name: { name: "z" },
      distribution: { callee: { name: "normal" } },
    });
    expect(sexpr(n.distribution)).toBe("uniform((neg 1), 1, size: 62)");
    expect(s).toMatchObject({ kind: "Scm", name: { name: "A" }, over: { name: "z" } });
    expect(sexpr(s.args[0]!.value)).toBe("[a, b]");
    expect(spanToString(d.span)).toBe("1:11-1:45");
  });

  it("parses networks with names, tuple wiring and likelihoods", () => {
    const src = `model m {
  generator deconv28(): (n, c, s) -> x
  head q = mlp(hidden: [128]): discriminator -> (c, s)
  decoder deconv64(hidden: 256): z -> x ~ bernoulli
  decoder d2 = mlp(): z -> x ~ gaussian(variance: learned)
}`;
    const [g, h, d, d2] = items(src) as NetworkDecl[];
    expect(g!.inputs.map((i) => i.name)).toEqual(["n", "c", "s"]);
    expect(g!.name).toBeUndefined();
    expect(h).toMatchObject({
      role: "head",
      name: { name: "q" },
      arch: { name: "mlp" },
      inputs: [{ name: "discriminator" }],
      outputs: [{ name: "c" }, { name: "s" }],
    });
    expect(sexpr(h!.args[0]!.value)).toBe("[128]");
    expect(spanToString(h!.roleSpan)).toBe("3:3-3:7");
    expect(spanToString(h!.span)).toBe("3:3-3:55");
    expect(d!.likelihood).toMatchObject({ kind: "Call", callee: { name: "bernoulli" }, args: [] });
    expect(spanToString(d!.likelihood!.span)).toBe("4:43-4:52");
    expect(sexpr(d2!.likelihood!)).toBe("gaussian(variance: learned)");
  });

  it("parses train entries with qualifiers and evaluate every N", () => {
    const src = `model m {
  train {
    optimizer generator: adam(lr: 1e-3, beta1: 0.5)
    optimizer discriminator: adam(lr: 2e-4, beta1: 0.5)
    seed: 0
    steps: 5k; clip: 1.0,
  }
  evaluate every 10k steps { metrics: [mig, dci], traversals: (range: 2.0) }
}`;
    const [t, e] = items(src) as [TrainBlock, EvaluateBlock];
    expect(t.entries.map((x) => [x.key.name, x.qualifier?.name, sexpr(x.value)])).toEqual([
      ["optimizer", "generator", "adam(lr: 0.001, beta1: 0.5)"],
      ["optimizer", "discriminator", "adam(lr: 0.0002, beta1: 0.5)"],
      ["seed", undefined, "0"],
      ["steps", undefined, "5000"],
      ["clip", undefined, "1"],
    ]);
    expect(e.every).toMatchObject({ value: 10000, unit: "steps" });
    expect(e.entries.map((x) => sexpr(x.value))).toEqual(["[mig, dci]", "{range: 2}"]);
  });

  it("keeps a unit word that starts the next entry as a key", () => {
    const [t] = items("model m { train { seed: 0\n steps: 100k steps } }") as [TrainBlock];
    expect(t.entries.map((x) => [x.key.name, sexpr(x.value)])).toEqual([
      ["seed", "0"],
      ["steps", "100000steps"],
    ]);
  });

  it("reads use lines and several models", () => {
    const p = parseOk('use "./my-term.ts"\nuse "b.ts"\nmodel a { }\nmodel b { loss = kl(z) }');
    expect(p.uses.map((u) => u.path.value)).toEqual(["./my-term.ts", "b.ts"]);
    expect(p.models.map((m) => m.name.name)).toEqual(["a", "b"]);
    expect(spanToString(p.span)).toBe("1:1-4:25");
  });
});

describe("astToJson", () => {
  it("is stable and prints spans compactly", () => {
    const p = parseOk("model m { latent z ~ normal(10) }");
    expect(astToJson(p)).toEqual({
      kind: "Program",
      models: [
        {
          kind: "Model",
          items: [
            {
              kind: "Variable",
              distribution: {
                kind: "Call",
                args: [
                  {
                    kind: "Arg",
                    span: "1:29-1:31",
                    value: { kind: "Number", span: "1:29-1:31", text: "10", value: 10 },
                  },
                ],
                callee: { kind: "Ident", name: "normal", span: "1:22-1:28" },
                span: "1:22-1:32",
              },
              name: { kind: "Ident", name: "z", span: "1:18-1:19" },
              role: "latent",
              span: "1:11-1:32",
            },
          ],
          name: { kind: "Ident", name: "m", span: "1:7-1:8" },
          span: "1:1-1:34",
        },
      ],
      span: "1:1-1:34",
      uses: [],
    });
  });
});
