/**
 * What the PyTorch target emits and what it refuses: every supported example compiles (one
 * DIS4004 warning: the evaluate block does not run there), every other example or entry gets a
 * DIS4004 error at its source position and no files; the support table names real stdlib
 * entries; the objective keeps the tree's evaluation order. No torch needed.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import { planPyObjective } from "../../compiler/emit/pytorch/emit-terms.js";
import { PYTORCH_SUPPORT } from "../../compiler/emit/pytorch/support.js";
import type { ObjExpr } from "../../compiler/ir/types.js";
import { planObjective } from "../../compiler/plan/objective.js";
import { registry } from "../../stdlib/registry.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const example = (name: string) => readFileSync(join(REPO, "examples", `${name}.dis`), "utf8");
const SUPPORTED = ["beta-vae", "beta-tcvae", "annealed-vae", "dip-vae", "factor-vae", "quickstart"];
const VAE = (loss: string, extra = "", enc = "conv64()", lik = "bernoulli") => `model m {
  data dsprites(batch: 64)
  latent z ~ normal(10)
  encoder ${enc}: x -> z
  decoder deconv64(): z -> x ~ ${lik}
  loss = ${loss}
  train {
    optimizer: ${extra || "adam(lr: 1e-4)"}
    steps: 10
  }
}
`;

describe("pytorch target: support", () => {
  for (const ex of SUPPORTED) {
    it(`${ex} emits <model>.py and the disc_torch runtime`, async () => {
      const r = await compile(example(ex), `${ex}.dis`, { target: "pytorch" });
      expect(r.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(["DIS4004 warning"]);
      const files = Object.keys(r.files).sort();
      expect(files).toContain(`${r.ir!.name}.py`);
      expect(files).toContain("disc_torch/train.py");
      // the resolved spec beside the program, which reads it from there (issue 21)
      expect(JSON.parse(r.files[`${r.ir!.name}.spec.json`]!)).toEqual(r.ir);
      const program = r.files[`${r.ir!.name}.py`]!;
      expect(program).toContain(`Path(__file__).with_name("${r.ir!.name}.spec.json")`);
      expect(program).not.toContain('"irVersion"');
    });
  }

  it("the networks, latents and loss terms read the program's one hyperparameters dict", async () => {
    const r = await compile(example("beta-tcvae"), "beta-tcvae.dis", { target: "pytorch" });
    const program = r.files["beta_tcvae.py"]!;
    expect(program).toContain('    "latents": {"z": 10},');
    expect(program).toContain(
      'self.encoder = dt.nets.Conv64([64, 64, 1], 2 * hp["latents"]["z"], **hp["networks"]["encoder"])',
    );
    expect(program).toContain('"total_correlation_z": {"estimator": "mss"},');
    expect(program).toContain('hp["terms"]["total_correlation_z"]["estimator"]');
    expect(program).toContain('for k, d in hp["latents"].items()');
    expect(program).not.toContain("latent_sizes");
  });

  for (const ex of ["infogan-mnist", "diffusion-ae", "causal-vae-pendulum"]) {
    it(`${ex}: a DIS4004 error naming the backbone, no files`, async () => {
      const r = await compile(example(ex), `${ex}.dis`, { target: "pytorch" });
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => d.code)).toEqual(["DIS4004"]);
      expect(errors[0]!.message).toContain(`the ${r.ir!.backbone} backbone`);
      expect(r.files).toEqual({});
    });
  }

  it("compiles every likelihood: bernoulli, gaussian and laplace", async () => {
    for (const lik of ["gaussian(variance: learned)", "laplace"]) {
      const r = await compile(VAE("recon(x) + kl(z)", "", undefined, lik), "m.dis", {
        target: "pytorch",
      });
      expect(r.diagnostics, lik).toEqual([]);
      expect(r.files["m.py"]).toContain(`P.${lik.split("(")[0]}_nll(x, out["x"]`);
    }
  });

  it("compiles every optimizer (adam, adamw, rmsprop, sgd) and an mlp encoder", async () => {
    const base = await compile(VAE("recon(x) + kl(z)"), "m.dis", { target: "pytorch" });
    expect(base.diagnostics).toEqual([]);
    expect(Object.keys(base.files)).toContain("m.py");
    for (const opt of ["rmsprop(lr: 1e-4, momentum: 0.9)", "adamw(lr: 1e-4)", "sgd(lr: 0.1)"]) {
      const r = await compile(VAE("recon(x) + kl(z)", opt, "mlp([64])"), "m.dis", {
        target: "pytorch",
      });
      expect(r.diagnostics, opt).toEqual([]);
      expect(r.files["m.py"]).toContain(`"entry": "${opt.split("(")[0]}"`);
    }
  });

  it("names each unsupported entry at its line: data set, networks", async () => {
    // every VAE penalty of the stdlib is supported; a data set without a generator is not
    const mnist = VAE("recon(x) + kl(z)", "", "conv28()")
      .replace("dsprites(batch: 64)", "mnist(batch: 64)")
      .replace("deconv64()", "deconv28()");
    const m = await compile(mnist, "m.dis", { target: "pytorch" });
    expect(m.diagnostics.map((d) => `${d.code}@${d.span.start.line}: ${d.message}`)).toEqual([
      "DIS4004@2: The pytorch target generates only dsprites; give mnist a `path` to a .npz of images.",
      "DIS4004@4: The network 'conv28' is not yet available on the pytorch target.",
      "DIS4004@5: The network 'deconv28' is not yet available on the pytorch target.",
    ]);
    expect(m.files).toEqual({});
  });

  it("refuses a network that reads or models the labels y (its forward pass feeds x)", async () => {
    const reads = VAE("recon(x) + kl(z)", "", "mlp(hidden: [64])").replace("x -> z", "y -> z");
    const models = VAE("recon(x) + recon(y) + kl(z)").replace(
      "  loss",
      "  decoder labels = mlp(hidden: [64]): z -> y ~ bernoulli\n  loss",
    );
    for (const [text, line, verb] of [
      [reads, 4, "reads"],
      [models, 6, "models"],
    ] as const) {
      expect((await compile(text, "m.dis")).diagnostics).toEqual([]);
      const r = await compile(text, "m.dis", { target: "pytorch" });
      expect(r.diagnostics.map((d) => `${d.code}@${d.span.start.line}: ${d.message}`)).toEqual([
        `DIS4004@${line}: The pytorch target's networks read and model the images x, not the labels y; '${line === 4 ? "encoder" : "labels"}' ${verb} y.`,
      ]);
      expect(r.files).toEqual({});
    }
  });

  it("the support table lists only real stdlib entries", () => {
    const kinds = {
      networks: "network",
      likelihoods: "likelihood",
      penalties: "penalty",
      optimizers: "optimizer",
      schedules: "schedule",
      datasets: "dataset",
      distributions: "distribution",
    } as const;
    for (const [key, kind] of Object.entries(kinds)) {
      for (const name of PYTORCH_SUPPORT[key as keyof typeof kinds])
        expect(registry.lookup(kind, name), `${kind} ${name}`).toBeDefined();
    }
  });

  it("docs/pytorch.md's table lists what each kind's table holds, on both targets", () => {
    const doc = readFileSync(new URL("../../docs/pytorch.md", import.meta.url), "utf8");
    const names = (cell: string) =>
      cell
        .replace(/\([^)]*\)/g, "")
        .split(",")
        .map((n) => n.trim())
        .sort();
    const kinds = {
      networks: "network",
      likelihoods: "likelihood",
      penalties: "penalty",
      optimizers: "optimizer",
      schedules: "schedule",
    } as const;
    for (const [key, kind] of Object.entries(kinds)) {
      const row = doc.split("\n").find((l) => l.startsWith(`| ${key} `));
      expect(row, key).toBeDefined();
      const [, ts, py] = row!
        .split("|")
        .map((c) => c.trim())
        .filter((c) => c !== "");
      expect(names(ts!), `${key}, TypeScript`).toEqual([...registry.names(kind)].sort());
      expect(names(py!), `${key}, PyTorch`).toEqual(
        [...PYTORCH_SUPPORT[key as keyof typeof kinds]].sort(),
      );
    }
  });

  it("writes the objective in the tree's order, with named weights", () => {
    const t = (id: string): ObjExpr => ({ op: "term", id });
    const c = (value: number): ObjExpr => ({ op: "const", value });
    const e: ObjExpr = {
      op: "sub",
      left: t("a"),
      right: {
        op: "sub",
        left: { op: "mul", left: c(2), right: t("b") },
        right: { op: "pow", left: { op: "neg", arg: t("c") }, right: c(2) },
      },
    };
    const p = planPyObjective(planObjective(e));
    expect(p.code).toBe('terms["a"] - (hp["weights"]["b"] * terms["b"] - (-(terms["c"])) ** 2)');
    expect([...p.weights]).toEqual([["b", 2]]);
    // Python evaluates it as the tree does: a=1, b=3, c=4 → 1 − (2·3 − (−4)²) = 11
    const py = spawnSync(
      "/usr/bin/python3",
      ["-c", `terms = {"a": 1, "b": 3, "c": 4}; hp = {"weights": {"b": 2}}; print(${p.code})`],
      { encoding: "utf8" },
    );
    if (py.error)
      console.log(`[skipped] no /usr/bin/python3 to evaluate the objective: ${py.error.message}`);
    else expect(py.stdout.trim()).toBe("11");
  });
});
