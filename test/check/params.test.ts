/**
 * Params: a reference reads the param's value (checked as if written there), values given
 * through `FrontEndOptions.params` replace the defaults and say so in the IR's provenance, and
 * a value given for no param or of the wrong type or unit is a diagnostic.
 */
import { describe, expect, it } from "vitest";
import { compile, runFrontEnd } from "../../compiler/driver.js";
import type { ObjExpr } from "../../compiler/ir/types.js";

const SPEC = `model m {
  param beta = 4.0
  param lr = 5e-4
  param C = 25 nats
  param est = mss
  param every_n = 500
  data dsprites(batch: 64)
  latent z ~ normal(10)
  encoder conv64(): x -> z
  decoder deconv64(): z -> x ~ bernoulli
  loss = recon(x) + beta * kl(z) + 2 * total_correlation(z, estimator: est)
       + capacity(z, max: C, over: 2k steps)
  train { optimizer: adam(lr: lr), steps: 3k }
  evaluate every every_n { metrics: [mig] }
}
`;

const codes = (r: { diagnostics: readonly { code: string }[] }): string[] =>
  r.diagnostics.map((d) => d.code);

/** The weight of `kl_z` in `recon_x + w * kl_z + …`. */
function klWeight(o: ObjExpr): ObjExpr | undefined {
  if (o.op === "mul" && o.right.op === "term" && o.right.id === "kl_z") return o.left;
  if ("left" in o) return klWeight(o.left) ?? klWeight(o.right);
  return undefined;
}

describe("params: defaults", () => {
  const r = runFrontEnd(SPEC, "s.dis");
  const ir = r.ir!;

  it("check clean and read the declared values", () => {
    expect(r.diagnostics).toEqual([]);
    expect(klWeight(ir.objective)).toEqual({
      op: "const",
      value: 4,
      from: "param beta (s.dis:2:3)",
    });
    expect(ir.train.optimizers[0]!.args["lr"]).toEqual({
      value: 5e-4,
      from: "param lr (s.dis:3:3)",
    });
    const tc = ir.terms.find((t) => t.entry === "total_correlation")!;
    expect(tc.args["estimator"]).toEqual({ value: "mss", from: "param est (s.dis:5:3)" });
    const cap = ir.terms.find((t) => t.entry === "capacity")!;
    expect(cap.args["max"]).toEqual({ value: 25, from: "param C (s.dis:4:3)" });
    expect(ir.evaluate!.every).toEqual({ value: 500, from: "param every_n (s.dis:6:3)" });
  });

  it("list every param in the IR with its value and declaration", () => {
    expect(ir.params).toEqual([
      { name: "beta", value: 4, from: "s.dis:2:3" },
      { name: "lr", value: 5e-4, from: "s.dis:3:3" },
      { name: "C", value: 25, unit: "nats", from: "s.dis:4:3" },
      { name: "est", value: "mss", from: "s.dis:5:3" },
      { name: "every_n", value: 500, from: "s.dis:6:3" },
    ]);
  });

  it("leave the IR of a spec without params without a params field", () => {
    const plain = SPEC.replace(/ {2}param .*\n/g, "")
      .replace("beta * kl", "4 * kl")
      .replace("adam(lr: lr)", "adam(lr: 5e-4)")
      .replace("estimator: est", "estimator: mss")
      .replace("max: C", "max: 25 nats")
      .replace("every every_n", "every 500");
    const p = runFrontEnd(plain, "s.dis");
    expect(p.diagnostics).toEqual([]);
    expect("params" in p.ir!).toBe(false);
    expect(klWeight(p.ir!.objective)).toEqual({ op: "const", value: 4 });
  });
});

describe("params: values given (FrontEndOptions.params)", () => {
  it("replace the default, and provenance and the IR say so", () => {
    const r = runFrontEnd(SPEC, "s.dis", { params: { beta: 8, C: 30, est: "mws" } });
    expect(r.diagnostics).toEqual([]);
    const ir = r.ir!;
    expect(klWeight(ir.objective)).toEqual({
      op: "const",
      value: 8,
      from: "param beta = 8 (--set)",
    });
    const cap = ir.terms.find((t) => t.entry === "capacity")!;
    expect(cap.args["max"]).toEqual({ value: 30, from: "param C = 30 nats (--set)" });
    const tc = ir.terms.find((t) => t.entry === "total_correlation")!;
    expect(tc.args["estimator"]).toEqual({ value: "mws", from: "param est = mws (--set)" });
    expect(ir.params!.find((p) => p.name === "beta")).toEqual({
      name: "beta",
      value: 8,
      from: "--set",
    });
    expect(ir.params!.find((p) => p.name === "lr")!.from).toBe("s.dis:3:3");
  });

  it("accept a number written as text, with the param's unit", () => {
    const r = runFrontEnd(SPEC, "s.dis", { params: { C: "30 nats", lr: "1e-3", every_n: "1k" } });
    expect(r.diagnostics).toEqual([]);
    expect(r.ir!.params!.find((p) => p.name === "C")!.value).toBe(30);
    expect(r.ir!.train.optimizers[0]!.args["lr"]!.value).toBe(1e-3);
    expect(r.ir!.evaluate!.every.value).toBe(1000);
  });

  it("that name no param are DIS2018 at the start of the file, with a did-you-mean", () => {
    const r = runFrontEnd(SPEC, "s.dis", { params: { bta: 8 } });
    const d = r.diagnostics.find((x) => x.code === "DIS2018")!;
    expect(d.span.start).toEqual({ offset: 0, line: 1, column: 1 });
    expect(d.hint).toBe("did you mean `beta`?");
    expect(r.ir).toBeUndefined();
  });

  it("of the wrong type or unit are DIS2019 at the param", () => {
    for (const [params, text] of [
      [{ beta: "high" }, "the name `high`"],
      [{ est: 3 }, "the number `3`"],
      [{ C: "5 steps" }, "in steps, not nats"],
      [{ est: "two words" }, "`two words`"],
    ] as const) {
      const r = runFrontEnd(SPEC, "s.dis", { params });
      expect(codes(r)).toEqual(["DIS2019"]);
      const name = Object.keys(params)[0]!;
      const line = SPEC.split("\n").findIndex((l) => l.includes(`param ${name} `)) + 1;
      expect(r.diagnostics[0]!.span.start.line).toBe(line);
      expect(r.diagnostics[0]!.message).toContain(text);
    }
  });

  it("are checked where they are read, like a value written there", () => {
    const r = runFrontEnd(SPEC, "s.dis", { params: { lr: -1 } });
    expect(codes(r)).toEqual(["DIS2012"]);
    expect(r.diagnostics[0]!.span.start.line).toBe(13); // the reference in adam(lr: lr)
    expect(r.diagnostics[0]!.related?.[0]?.message).toBe(
      "`lr` is the param declared here, given `-1` (--set).",
    );
  });
});

describe("params: the checker reads them as written values", () => {
  const vae = (params: string, loss: string, train = "adam(lr: 1e-4)"): string =>
    `model m {\n${params}\n  data dsprites(batch: 64)\n  latent z ~ normal(10)\n` +
    `  encoder conv64(): x -> z\n  decoder deconv64(): z -> x ~ bernoulli\n` +
    `  loss = ${loss}\n  train { optimizer: ${train}, steps: 1k }\n}\n`;

  it("a number param works where a schedule may stand, and inside one", () => {
    const r = runFrontEnd(
      vae("  param top = 25", "recon(x) + anneal(0 -> top, over: 1k steps) * kl(z)"),
      "s.dis",
    );
    expect(r.diagnostics).toEqual([]);
  });

  it("a param with the wrong unit gets the unit diagnostic at the reference, fixed at the declaration", () => {
    const r = runFrontEnd(
      vae("  param C = 25 steps", "recon(x) + capacity(z, max: C, over: 1k steps)"),
      "s.dis",
    );
    expect(codes(r)).toEqual(["DIS2005"]);
    expect(r.diagnostics[0]!.hint).toBe("declare it as `param C = 25 nats`.");
  });

  it("a param of 0 as a weight is a study's baseline, not a zero-weight warning", () => {
    const r = runFrontEnd(vae("  param beta = 0", "recon(x) + beta * kl(z)"), "s.dis");
    expect(r.diagnostics).toEqual([]);
  });

  it("two compiles with different values give different trainers; equal values equal ones", async () => {
    const spec = vae("  param beta = 4", "recon(x) + beta * kl(z)");
    const a = await compile(spec, "s.dis");
    const b = await compile(spec, "s.dis", { params: { beta: 8 } });
    const c = await compile(spec, "s.dis");
    const [fa, fb, fc] = [a, b, c].map((r) => Object.values(r.files)[0]!);
    expect(fa).toContain("param beta = 4");
    expect(fb).toContain("param beta = 8");
    expect(fa).not.toBe(fb);
    expect(fa).toBe(fc);
  });
});
