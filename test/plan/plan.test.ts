/**
 * The plan stage (compiler/plan/): one forward order (topological, ties by declaration order)
 * that both emitters print; the objective's fold and its linear view carry the spec's
 * coefficients; the GAN's two phases with their parameter sets and optimizers; spans that
 * point at the spec's text; and, for every example, a plan whose every read is written first.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCompile } from "../../compiler/cli/compile-command.js";
import { compile } from "../../compiler/driver.js";
import { diagnosticSpan } from "../../compiler/emit/pytorch/support.js";
import { prepareSpec } from "../../compiler/extend/prepare.js";
import { foldObjective, networkOrder, planModel } from "../../compiler/plan/index.js";
import type { Span, TrainingPlan } from "../../compiler/plan/types.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** The compile of `text` up to its plan (no errors allowed). */
async function compiled(text: string, file: string, specPath: string) {
  const prepared = await prepareSpec(text, specPath);
  const r = await compile(text, file, {
    stopAfter: "plan",
    ...(prepared.registry ? { registry: prepared.registry } : {}),
  });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return { plan: r.plan!, ir: r.ir! };
}

/** The plan of `text` (no errors allowed). */
async function planOf(text: string, file = "m.dis", specPath = file): Promise<TrainingPlan> {
  return (await compiled(text, file, specPath)).plan;
}

/** The source text a span covers (one line). */
function textAt(text: string, span: Span | null): string {
  expect(span).not.toBeNull();
  const s = span!;
  expect(s.endLine).toBe(s.line);
  return text.split("\n")[s.line - 1]!.slice(s.col - 1, s.endCol! - 1);
}

const VAE = (networks: string, loss: string, train = "steps: 1") => `model m {
  data dsprites(batch: 8)
  latent z ~ normal(4)
${networks}
  loss = ${loss}
  train { ${train} }
}
`;

/** Declared out of order: the decoder reads w, which mid makes from z, which enc encodes. */
const OUT_OF_ORDER = `model order {
  data dsprites(batch: 8)
  latent z ~ normal(4)
  latent w ~ normal(2)
  decoder dec = deconv64(): w -> x ~ bernoulli
  network mid = mlp(hidden: [8]): z -> w
  encoder enc = conv64(): x -> z
  loss = recon(x) + kl(z)
  train { steps: 1 }
}
`;

describe("plan: forward order", () => {
  it("is topological when the declaration order is not, and both emitters print it", async () => {
    const plan = await planOf(OUT_OF_ORDER, "order.dis");
    expect(networkOrder(plan.forward)).toEqual(["enc", "mid", "dec"]);
    expect(plan.forward.map((s) => s.kind === "network" && s.output)).toEqual([
      "posterior",
      "latent",
      "likelihood",
    ]);
    // the TypeScript trainer applies the networks in that order
    const ts = Object.values((await compile(OUT_OF_ORDER, "order.dis")).files)[0]!;
    const applied = [...ts.matchAll(/nets\.(\w+)\.apply\(/g)].map((m) => m[1]);
    expect(applied.slice(0, 3)).toEqual(["enc", "mid", "dec"]);
    // the PyTorch program too (a decoder declared before its encoder)
    const swapped = VAE(
      "  decoder deconv64(): z -> x ~ bernoulli\n  encoder conv64(): x -> z",
      "recon(x) + kl(z)",
    );
    expect(networkOrder((await planOf(swapped)).forward)).toEqual(["encoder", "decoder"]);
    const py = (await compile(swapped, "m.dis", { target: "pytorch" })).files["m.py"]!;
    expect(py.indexOf("self.encoder(x)")).toBeGreaterThan(0);
    expect(py.indexOf("self.encoder(x)")).toBeLessThan(py.indexOf("self.decoder(z)"));
  });

  it("breaks ties by declaration order, and rejects cyclic wiring", async () => {
    const text = `model m {
  data dsprites(batch: 8)
  latent a ~ normal(2)
  latent b ~ normal(2)
  encoder eb = conv64(): x -> b
  encoder ea = conv64(): x -> a
  decoder conv64_dec = deconv64(): (a, b) -> x ~ bernoulli
  loss = recon(x) + kl(a) + kl(b)
  train { steps: 1 }
}
`;
    const plan = await planOf(text);
    expect(networkOrder(plan.forward)).toEqual(["eb", "ea", "conv64_dec"]);
    // an IR the checker would reject (DIS2016): each encoder reads the other's latent
    const ir = (await compile(text, "m.dis", { stopAfter: "ir" })).ir!;
    const swap: Record<string, string> = { eb: "a", ea: "b" };
    const looped = {
      ...ir,
      networks: ir.networks.map((n) => (swap[n.name] ? { ...n, inputs: [swap[n.name]!] } : n)),
    };
    expect(() => planModel(looped)).toThrow(/cyclic wiring/);
  });
});

describe("plan: the objective", () => {
  it("gives the spec's coefficients, signs and schedules", async () => {
    const loss =
      "recon(x) + 4 * kl(z) - 2.5 * mutual_info(z) + total_correlation(z) / 2 + anneal(0 -> 1, over: 10 steps) * dimwise_kl(z)";
    const plan = await planOf(
      VAE("  encoder conv64(): x -> z\n  decoder deconv64(): z -> x ~ bernoulli", loss),
    );
    const parts = plan.objective.linear!.parts.map((p) => [
      p.term,
      p.sign * p.coefficient,
      p.schedules,
    ]);
    expect(parts).toEqual([
      ["recon_x", 1, []],
      ["kl_z", 4, []],
      ["mutual_info_z", -2.5, []],
      ["total_correlation_z", 0.5, []],
      ["dimwise_kl_z", 1, [0]],
    ]);
    expect(plan.objective.linear!.constant).toBe(0);
    expect(plan.schedules.map((s) => [s.index, s.entry, s.args["over"]])).toEqual([
      [0, "anneal", 10],
    ]);
    expect(plan.objective.weights).toEqual([
      { name: "kl_z", term: "kl_z", value: 4 },
      { name: "mutual_info_z", term: "mutual_info_z", value: 2.5 },
    ]);
    expect(plan.objective.formula).toBe(
      "recon_x + 4 * kl_z - 2.5 * mutual_info_z + total_correlation_z / 2 + anneal(range: {from: 0, to: 1}, over: 10, start: 0) * dimwise_kl_z",
    );
    // evaluating the fold at values of the terms agrees with the linear view
    const values: Record<string, number> = {
      recon_x: 3,
      kl_z: 5,
      mutual_info_z: 7,
      total_correlation_z: 11,
      dimwise_kl_z: 13,
    };
    const at = (anneal: number) =>
      foldObjective<number>(plan.objective.expr, {
        term: (n) => values[n.id]!,
        const: (n) => n.value,
        schedule: () => anneal,
        unary: (n, a) => (n.op === "neg" ? -a : Math.abs(a)),
        binary: (n, a, b) =>
          ({ add: a + b, sub: a - b, mul: a * b, div: a / b, pow: a ** b })[n.op],
      });
    for (const anneal of [0, 0.5, 1]) {
      const linear = plan.objective.linear!.parts.reduce(
        (sum, p) =>
          sum + p.sign * p.coefficient * (p.schedules.length ? anneal : 1) * values[p.term]!,
        0,
      );
      expect(at(anneal)).toBeCloseTo(linear, 12);
    }
  });

  it("has no linear view for a non-linear objective; the tree still holds it", async () => {
    const plan = await planOf(
      VAE(
        "  encoder conv64(): x -> z\n  decoder deconv64(): z -> x ~ bernoulli",
        "recon(x) + abs(kl(z) - 5) + kl(z) ^ 2",
      ),
    );
    expect(plan.objective.linear).toBeNull();
    expect(plan.objective.formula).toBe("recon_x + abs(kl_z - 5) + kl_z_2 ^ 2");
  });
});

const GAN = (routing: string) => `model g {
  data mnist(batch: 16)
  noise n ~ uniform(-1, 1, size: 8)
  code c ~ categorical(10)
  discriminator conv28(): x -> real
  head q = mlp(hidden: [16]): discriminator -> c
  generator deconv28(): (n, c) -> x
  loss = gan(non_saturating) - 1.5 * info(c, routing: ${routing})
  train {
    optimizer generator: adam(lr: 1e-3, beta1: 0.5)
    optimizer discriminator: adam(lr: 2e-4, beta1: 0.5)
    steps: 10
  }
}
`;

describe("plan: GAN phases", () => {
  it("InfoGAN (paper routing): the discriminator step, then the generator step with the Q head", async () => {
    const text = readFileSync(join(REPO, "examples", "infogan-mnist.dis"), "utf8");
    const plan = await planOf(text, "infogan-mnist.dis");
    expect(plan.phases.map((p) => [p.name, p.parameters, p.optimizer?.args["lr"]])).toEqual([
      ["discriminator", ["discriminator.trunk", "discriminator.head"], 2e-4],
      ["generator", ["generator", "q"], 1e-3],
    ]);
    const [d, g] = plan.phases;
    expect(d!.loss).toEqual({
      kind: "gan_discriminator",
      term: "gan",
      loss: "non_saturating",
      plus: null,
    });
    expect(g!.loss).toEqual({ kind: "objective" });
    expect(textAt(text, d!.optimizer!.span)).toBe(
      "optimizer discriminator: adam(lr: 2e-4, beta1: 0.5)",
    );
    expect(textAt(text, g!.optimizer!.span)).toBe(
      "optimizer generator: adam(lr: 1e-3, beta1: 0.5)",
    );
    // the generator runs first even where it is declared last; the real pass only in the D step
    const order = await planOf(GAN("paper"), "g.dis");
    expect(
      order.forward
        .filter((s) => s.kind === "network")
        .map((s) => [s.kind === "network" && s.network, s.phases]),
    ).toEqual([
      ["generator", undefined],
      ["discriminator", undefined],
      ["q", undefined],
      ["discriminator", ["discriminator"]],
    ]);
  });

  it("official routing: the Q head and the info part move into the discriminator step", async () => {
    const plan = await planOf(GAN("official"), "g.dis");
    const [d, g] = plan.phases;
    expect(d!.parameters).toEqual(["discriminator.trunk", "discriminator.head", "q"]);
    expect(g!.parameters).toEqual(["generator"]);
    expect(d!.terms).toEqual(["info_c"]);
    const plus = d!.loss.kind === "gan_discriminator" ? d!.loss.plus : null;
    // the objective with the gan term at 0, its weight still named
    expect(plus).toEqual({
      op: "sub",
      left: { op: "const", value: 0 },
      right: {
        op: "mul",
        left: { op: "const", value: 1.5, weight: "info_c" },
        right: { op: "term", id: "info_c" },
      },
    });
  });
});

describe("plan: spans", () => {
  it("point at the declarations, terms, schedules and optimizer of the spec", async () => {
    const text = VAE(
      "  encoder conv64(): x -> z\n  decoder deconv64(): z -> x ~ bernoulli",
      "recon(x) + warmup(2, over: 10 steps) * kl(z)",
      "optimizer: adam(lr: 5e-4)  steps: 1",
    );
    const plan = await planOf(text);
    expect(plan.terms.map((t) => textAt(text, t.span))).toEqual(["recon(x)", "kl(z)"]);
    expect(plan.terms.map((t) => [t.span!.line, t.span!.col])).toEqual([
      [6, 10],
      [6, 49],
    ]);
    expect(plan.schedules.map((s) => textAt(text, s.span))).toEqual(["warmup(2, over: 10 steps)"]);
    expect(plan.forward.map((s) => textAt(text, s.span))).toEqual([
      "encoder conv64(): x -> z",
      "decoder deconv64(): z -> x ~ bernoulli",
    ]);
    expect(textAt(text, plan.variables[0]!.span)).toBe("latent z ~ normal(4)");
    expect(textAt(text, plan.data.span)).toBe("data dsprites(batch: 8)");
    expect(textAt(text, plan.phases[0]!.optimizer!.span)).toBe("optimizer: adam(lr: 5e-4)");
    // the default optimizer has no span; a PyTorch diagnostic there points at the file's start
    const dflt = await planOf(
      VAE("  encoder conv64(): x -> z\n  decoder deconv64(): z -> x ~ bernoulli", "recon(x)"),
    );
    expect(dflt.phases[0]!.optimizer!.span).toBeNull();
    // a span becomes a diagnostic span with the offsets of the text
    const d = diagnosticSpan(plan.terms[1]!.span, text);
    expect(text.slice(d.start.offset, d.end.offset)).toBe("kl(z)");
    expect(diagnosticSpan(null, text).start).toEqual({ offset: 0, line: 1, column: 1 });
  });

  it("a plan made from an IR alone has null spans and is otherwise the same", async () => {
    const text = readFileSync(join(REPO, "examples", "beta-vae.dis"), "utf8");
    const r = await compile(text, "beta-vae.dis", { stopAfter: "plan" });
    const bare = planModel(r.ir!);
    const strip = (v: unknown): unknown =>
      JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === "span" ? null : x)));
    expect(bare).toEqual(strip(r.plan));
  });
});

/** Every example of examples/ with the path to its spec. */
function examples(): [string, string][] {
  const out: [string, string][] = [];
  for (const e of readdirSync(join(REPO, "examples")).sort()) {
    if (e.endsWith(".dis")) out.push([e, join(REPO, "examples", e)]);
    else if (!e.includes(".")) out.push([e, join(REPO, "examples", e, `${e}.dis`)]);
  }
  return out;
}

describe("plan: every example", () => {
  for (const [name, path] of examples()) {
    it(`${name}: JSON-serialisable; every read is written by an earlier step`, async () => {
      const { plan, ir } = await compiled(readFileSync(path, "utf8"), name, path);
      expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
      const written = new Set(["x", "y", "step"]);
      for (const step of plan.forward) {
        for (const r of step.reads) expect(written, `${step.kind} reads ${r}`).toContain(r);
        for (const w of step.writes) written.add(w);
      }
      for (const t of plan.terms)
        for (const r of t.reads) expect(written, `${t.id} reads ${r}`).toContain(r);
      // every term is in some phase; every phase has an optimizer or is a dual ascent
      for (const t of plan.terms) expect(t.phases.length, t.id).toBeGreaterThan(0);
      for (const p of plan.phases)
        expect(p.optimizer !== null || p.kind === "dual_ascent", p.name).toBe(true);
      // the spans are where the IR's provenance strings say
      const at = (x: Span | null) => (x === null ? "default" : `${x.file}:${x.line}:${x.col}`);
      expect(plan.terms.map((t) => at(t.span))).toEqual(ir.terms.map((t) => t.from));
      expect(plan.variables.map((v) => at(v.span))).toEqual(ir.variables.map((v) => v.from));
      expect(at(plan.data.span)).toBe(ir.data.from);
      for (const n of ir.networks) {
        const step = plan.forward.find((x) => x.kind === "network" && x.network === n.name);
        expect(at(step!.span)).toBe(n.from);
      }
    });
  }
});

describe("disc compile --emit plan", () => {
  it("prints the plan as JSON", async () => {
    const write = process.stdout.write;
    let out = "";
    process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
    try {
      const spec = join(REPO, "examples", "beta-vae.dis");
      expect(
        await runCompile(spec, { out: join(REPO, "test", ".generated", "plan"), emit: "plan" }),
      ).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const plan = JSON.parse(out) as TrainingPlan;
    expect(plan.planVersion).toBe(1);
    expect(plan.objective.formula).toBe("recon_x + 4 * kl_z");
    expect(out.endsWith("}\n")).toBe(true);
  });
});
