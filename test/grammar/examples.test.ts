import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { NetworkDecl, TrainBlock } from "../../grammar/ast.js";
import { parse } from "../../grammar/index.js";
import { sexpr } from "./helpers.js";

const dir = fileURLToPath(new URL("../../examples/", import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".dis"))
  .sort();

describe("examples/*.dis", () => {
  it("has examples to check", () => expect(files.length).toBeGreaterThanOrEqual(9));

  it.each(files)("%s parses with zero diagnostics into one model", (f) => {
    const text = readFileSync(dir + f, "utf8");
    const { ast, diagnostics } = parse(text, f);
    expect(diagnostics).toEqual([]);
    expect(ast.models).toHaveLength(1);
    const m = ast.models[0]!;
    expect(m.items.length).toBeGreaterThanOrEqual(4);
    // items come back in source order
    const offs = m.items.map((i) => i.span.start.offset);
    expect([...offs].sort((a, b) => a - b)).toEqual(offs);
    expect(text.slice(m.span.start.offset, m.span.end.offset)).toMatch(
      /^model [a-z_]+ \{[\s\S]*\}$/,
    );
  });

  it("reads the InfoGAN wiring and the two optimizers", () => {
    const { ast } = parse(readFileSync(dir + "infogan-mnist.dis", "utf8"), "infogan-mnist.dis");
    const items = ast.models[0]!.items;
    const head = items.find((i) => i.kind === "Network" && i.role === "head") as NetworkDecl;
    expect([
      head.name?.name,
      head.arch.name,
      head.inputs.map((i) => i.name),
      head.outputs.map((o) => o.name),
    ]).toEqual(["q", "mlp", ["discriminator"], ["c", "s"]]);
    const train = items.find((i) => i.kind === "Train") as TrainBlock;
    expect(
      train.entries
        .filter((e) => e.key.name === "optimizer")
        .map((e) => [e.qualifier?.name, sexpr(e.value)]),
    ).toEqual([
      ["generator", "adam(lr: 0.001, beta1: 0.5)"],
      ["discriminator", "adam(lr: 0.0002, beta1: 0.5)"],
    ]);
    const loss = items.find((i) => i.kind === "Loss")!;
    expect(loss.kind === "Loss" && sexpr(loss.expr)).toBe(
      "(- (- gan(non_saturating) (* 1 info(c))) (* 1 info(s)))",
    );
  });

  it("reads the CausalVAE loss with its label terms and dual-ascent DAG term", () => {
    const { ast } = parse(readFileSync(dir + "causal-vae-pendulum.dis", "utf8"), "x.dis");
    const loss = ast.models[0]!.items.find((i) => i.kind === "Loss")!;
    expect(loss.kind === "Loss" && sexpr(loss.expr)).toBe(
      "(+ (+ (+ (+ (+ recon(x) kl(z)) label_align(z, y, form: prior_kl)) label_align(z, y, form: label_scm, independence: 10)) (* 0.01 l1(A))) dag(A, update: dual_ascent, rho: 1, growth: 10, every: 200steps, rho_max: 1000))",
    );
  });

  it("reads the official code's squared DAG term with its precedence", () => {
    const { ast } = parse("model m { loss = recon(x) + 3 * dag(A) + 0.5 * dag(A) ^ 2 }", "x.dis");
    const loss = ast.models[0]!.items.find((i) => i.kind === "Loss")!;
    expect(loss.kind === "Loss" && sexpr(loss.expr)).toBe(
      "(+ (+ recon(x) (* 3 dag(A))) (* 0.5 (^ dag(A) 2)))",
    );
  });
});
