import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runFrontEnd } from "../../compiler/driver.js";
import { check } from "../../compiler/index.js";
import { CATALOGUE } from "../../compiler/diagnostics/catalogue.js";
import { createRegistry, registry } from "../../stdlib/registry.js";
import type { DatasetDef, PenaltyDef } from "../../stdlib/types.js";
import { caseDirs } from "../golden/cases.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const VAE = (loss: string, data = "dsprites(batch: 64)", extra = ""): string => `model m {
  data ${data}
  latent z ~ normal(10)${extra}
  encoder conv64(): x -> z
  decoder deconv64(): z -> x ~ bernoulli
  loss = ${loss}
  train { optimizer: adam(lr: 5e-4), steps: 2k }
}
`;

describe("examples", () => {
  for (const f of readdirSync(join(ROOT, "examples")).filter((n) => n.endsWith(".dis"))) {
    it(`${f} checks clean`, () => {
      const { diagnostics } = check(readFileSync(join(ROOT, "examples", f), "utf8"), f);
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    });
  }
});

describe("lowering", () => {
  it("fills defaults with provenance and derives shapes", () => {
    const r = runFrontEnd(VAE("recon(x) + 4 * kl(z) + kl(z)"), "s.dis");
    const ir = r.ir!;
    expect(ir.backbone).toBe("vae");
    expect(ir.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ir.terms.map((t) => t.id)).toEqual(["recon_x", "kl_z", "kl_z_2"]);
    expect(ir.terms[0]!.args["reduction"]).toEqual({ value: "sum", from: "default" });
    const [enc, dec] = ir.networks;
    expect(enc!.inputShape).toEqual([64, 64, 1]);
    expect(enc!.outputShape).toEqual([20]); // mu ‖ logvar of normal(10)
    expect(dec!.inputShape).toEqual([10]);
    expect(dec!.outputShape).toEqual([64, 64, 1]); // bernoulli: 1 parameter per channel
    expect(ir.variables[0]!.hasPosterior).toBe(true);
    expect(ir.train.steps).toEqual({ value: 2000, from: "s.dis:7:38" });
    expect(ir.train.batchSize).toEqual({ value: 64, from: "s.dis:2:17" });
    expect(ir.train.seed).toEqual({ value: 0, from: "default" });
    expect(ir.train.clipNorm.value).toBe(0);
    expect(ir.train.logEvery.value).toBe(100);
    expect(ir.train.checkpointEvery.value).toBe(1000);
    expect(ir.train.optimizers[0]!.args["lr"]).toEqual({ value: 5e-4, from: "s.dis:7:27" });
    expect(ir.objective).toEqual({
      op: "add",
      left: {
        op: "add",
        left: { op: "term", id: "recon_x" },
        right: { op: "mul", left: { op: "const", value: 4 }, right: { op: "term", id: "kl_z" } },
      },
      right: { op: "term", id: "kl_z_2" },
    });
  });
  it("defaults the optimizer to adam(lr: 1e-4)", () => {
    const text = VAE("recon(x) + kl(z)").replace("optimizer: adam(lr: 5e-4), ", "");
    const o = runFrontEnd(text, "s.dis").ir!.train.optimizers;
    expect(o).toHaveLength(1);
    expect(o[0]).toMatchObject({ target: "main", entry: "adam", from: "default" });
    expect(o[0]!.args["lr"]).toEqual({ value: 1e-4, from: "default" });
  });
  it("lowers schedules, units and learned-variance likelihoods", () => {
    const text = VAE("recon(x) + anneal(0 -> 25, over: 10k steps) * kl(z)").replace(
      "~ bernoulli",
      "~ gaussian(variance: learned)",
    );
    const r = runFrontEnd(text, "s.dis");
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const obj = r.ir!.objective as {
      right: { left: { op: string; args: Record<string, { value: unknown }> } };
    };
    expect(obj.right.left.op).toBe("schedule");
    expect(obj.right.left.args["range"]!.value).toEqual({ from: 0, to: 25 });
    expect(obj.right.left.args["over"]!.value).toBe(10000);
    expect(r.ir!.networks[1]!.outputShape).toEqual([64, 64, 2]);
  });
});

describe("diagnostics", () => {
  it("reports every error of the check stage at once", () => {
    const { diagnostics } = check(VAE("recon(x) + kll(z) + kl(w)", "dsprites(batch: 0)"), "s.dis");
    expect(diagnostics.map((d) => d.code)).toEqual(["DIS2012", "DIS2001", "DIS2007"]);
  });
  it("acceptance: a typo, a wrong type, an undeclared latent and a missing brace in one run", () => {
    const text = readFileSync(
      join(ROOT, "test/golden/bad/acceptance/four-errors/input.dis"),
      "utf8",
    );
    const { diagnostics } = check(text, "input.dis");
    expect(diagnostics.map((d) => `${d.code}@${d.span.start.line}:${d.span.start.column}`)).toEqual(
      ["DIS2004@8:26", "DIS2001@11:27", "DIS2007@11:53", "DIS1002@17:3"],
    );
    for (const d of diagnostics) expect(d.hint, d.code).toBeTruthy();
  });
  it("turns an internal exception into DIS4001 instead of throwing", () => {
    const broken = {
      ...registry,
      lookup: () => {
        throw new Error("boom");
      },
    };
    const { diagnostics } = check(VAE("recon(x) + kl(z)"), "s.dis", { registry: broken });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.code).toBe("DIS4001");
    expect(diagnostics[0]!.hint).toContain("this is a bug");
  });
  it("reports a throwing library check as DIS4002 and a supervised metric without factors as DIS3013", () => {
    const base = registry.lookup("penalty", "kl") as PenaltyDef;
    const bad: PenaltyDef = {
      ...base,
      name: "bad_term",
      signature: {
        ...base.signature,
        check: () => {
          throw new Error("oops");
        },
      },
    };
    const ds = registry.lookup("dataset", "dsprites") as DatasetDef;
    const unlabeled: DatasetDef = {
      ...ds,
      name: "unlabeled",
      factorNames: () => [],
      signature: { ...ds.signature, check: undefined },
    };
    const reg = createRegistry([bad, unlabeled]);
    const a = check(VAE("recon(x) + bad_term(z)"), "s.dis", { registry: reg }).diagnostics;
    expect(a.map((d) => d.code)).toEqual(["DIS4002"]);
    const text = VAE("recon(x) + kl(z)", "unlabeled(batch: 64)").replace(
      "}\n}",
      "}\n  evaluate every 1k { metrics: [mig] }\n}",
    );
    const b = check(text, "s.dis", { registry: reg }).diagnostics;
    expect(b.map((d) => d.code)).toEqual(["DIS3013"]);
  });
  it("has a bad golden case (or a test here) for every catalogue code", () => {
    const named = new Set(
      caseDirs(join(ROOT, "test/golden/bad")).flatMap(
        (d) => /(dis\d{4})-[^/]*$/.exec(d)?.[1]?.toUpperCase() ?? [],
      ),
    );
    // DIS4001/4002/3013 are covered above; DIS3103/DIS3106 are only reachable from user
    // extensions' checks (the checker's own ref checks catch those mistakes first).
    // DIS4003 (backbone not yet emittable) is an emit-stage code, covered by test/golden/trainer.test.ts.
    for (const c of ["DIS4001", "DIS4002", "DIS4003", "DIS3013", "DIS3103", "DIS3106"])
      named.add(c);
    // DIS4004 (entry not on the pytorch target) is emit-stage too: test/pytorch/support.test.ts.
    named.add("DIS4004");
    // DIS2101–DIS2105 (`use` modules) need a module loader; covered by test/extend/load-uses.test.ts.
    for (const c of ["DIS2101", "DIS2102", "DIS2103", "DIS2104", "DIS2105"]) named.add(c);
    expect(Object.keys(CATALOGUE).filter((c) => !named.has(c))).toEqual([]);
  });
});
