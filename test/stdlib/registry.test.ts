import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as stdlib from "../../stdlib/index.js";
import {
  createRegistry,
  dip,
  ENTRY_KINDS,
  formatList,
  kl,
  mutualInfo,
  registry,
  renderStdlibMarkdown,
  totalCorrelation,
  dag,
  info,
  type AnyEntry,
  type ArgValue,
  type CheckContext,
  type ParamType,
  type PenaltyDef,
} from "../../stdlib/index.js";

const EXPECTED: Record<string, string[]> = {
  penalty: [
    "capacity",
    "dag",
    "denoise",
    "dimwise_kl",
    "dip",
    "gan",
    "info",
    "kl",
    "l1",
    "label_align",
    "mutual_info",
    "recon",
    "total_correlation",
  ],
  likelihood: ["bernoulli", "gaussian", "laplace"],
  distribution: ["categorical", "normal", "uniform"],
  optimizer: ["adam", "adamw", "rmsprop", "sgd"],
  schedule: ["anneal", "constant", "warmup"],
  dataset: ["dsprites", "fashion_mnist", "mnist", "pendulum"],
  metric: [
    "beta_vae_score",
    "dci",
    "explicitness",
    "factor_vae_score",
    "gaussian_tc",
    "mig",
    "modularity",
    "sap",
  ],
};

function fits(t: ParamType, v: ArgValue): boolean {
  switch (t.kind) {
    case "number":
      return (
        typeof v === "number" &&
        (t.min === undefined || v >= t.min) &&
        (t.max === undefined || v <= t.max) &&
        (!t.integer || Number.isInteger(v))
      );
    case "bool":
      return typeof v === "boolean";
    case "string":
      return typeof v === "string";
    case "enum":
      return typeof v === "string" && t.values.includes(v);
    case "list":
      return Array.isArray(v) && v.every((e) => fits(t.of, e));
    case "shape":
      return typeof v === "number" || Array.isArray(v);
    case "ref":
      return typeof v === "string";
    case "entry":
    case "record":
      return typeof v === "object" && v !== null && !Array.isArray(v);
  }
}

describe("registry", () => {
  it("holds every built-in, by kind", () => {
    for (const [kind, names] of Object.entries(EXPECTED)) {
      expect(registry.names(kind as AnyEntry["kind"])).toEqual(names);
    }
    expect(registry.lookup("penalty", "total_correlation")).toBe(totalCorrelation);
    expect(registry.lookup("metric", "total_correlation")).toBeUndefined();
    expect(registry.names()).toContain("mig");
  });
  it("includes the networks engineer's entries", () => {
    expect(registry.list("network")).toEqual(stdlib.networks);
  });
  it("adds user entries and refuses duplicates and bad names", () => {
    const mine: PenaltyDef = { ...kl, name: "my_kl" };
    const r = createRegistry([mine]);
    expect(r.lookup("penalty", "my_kl")).toBe(mine);
    expect(r.list("penalty").at(-1)).toBe(mine);
    expect(registry.lookup("penalty", "my_kl")).toBeUndefined();
    expect(() => createRegistry([kl])).toThrow(/already registered/);
    expect(() => createRegistry([{ ...kl, name: "MyKL" }])).toThrow(/snake_case/);
  });
  it("every entry has a doc, a source, valid defaults, and unique parameter names", () => {
    for (const kind of ENTRY_KINDS) {
      for (const e of registry.list(kind)) {
        expect(e.signature.doc.length, e.name).toBeGreaterThan(30);
        expect(e.signature.source.length, e.name).toBeGreaterThan(0);
        const names = e.signature.params.map((p) => p.name);
        expect(new Set(names).size, e.name).toBe(names.length);
        for (const p of e.signature.params) {
          expect(p.doc.length, `${e.name}.${p.name}`).toBeGreaterThan(3);
          if (p.default !== undefined)
            expect(fits(p.type, p.default), `${e.name}.${p.name} default`).toBe(true);
        }
      }
    }
  });
  it("penalties take the variable they act on first, positionally", () => {
    for (const e of registry.list("penalty")) {
      const first = e.signature.params[0]!;
      expect(first.positional, e.name).toBe(true);
      if (e.name !== "gan") expect(first.type.kind, e.name).toBe("ref");
    }
  });
  it("index re-exports each entry by its camelCase name", () => {
    const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const exported = stdlib as unknown as Record<string, unknown>;
    for (const kind of ENTRY_KINDS)
      for (const e of registry.list(kind)) expect(exported[camel(e.name)], e.name).toBe(e);
  });
});

describe("semantic checks", () => {
  const base = (
    args: Record<string, ArgValue>,
    over: Partial<CheckContext> = {},
  ): CheckContext => ({
    backbone: "vae",
    args,
    variables: {
      z: { role: "latent", distribution: "normal", size: 10, hasPosterior: true },
      w: { role: "latent", distribution: "normal", size: 10, hasPosterior: false },
      c: { role: "code", distribution: "categorical", size: 10, hasPosterior: false },
    },
    scms: ["A"],
    networks: [],
    batchSize: 64,
    ...over,
  });
  it("posterior-based terms need q(z|x): DIS3101", () => {
    for (const e of [kl, mutualInfo, totalCorrelation, dip]) {
      expect(
        e.signature.check!(base({ latent: "w", estimator: "mss" })).map((i) => i.code),
        e.name,
      ).toContain("DIS3101");
      expect(
        e.signature.check!(
          base({ latent: "z", estimator: "mss", variant: "i", lambda_od: 10, lambda_d: 100 }),
        ),
        e.name,
      ).toEqual([]);
    }
  });
  it("mss / mws at batch size 1 warn: DIS3102", () => {
    const issues = totalCorrelation.signature.check!(
      base({ latent: "z", estimator: "mws" }, { batchSize: 1 }),
    );
    expect(issues).toEqual([expect.objectContaining({ code: "DIS3102", severity: "warning" })]);
  });
  it("DIP-II with DIP-I's default lambda_d warns; dag needs a declared scm; info needs a code", () => {
    expect(
      dip.signature.check!(base({ latent: "z", variant: "ii", lambda_od: 10, lambda_d: 100 })).map(
        (i) => i.code,
      ),
    ).toEqual(["DIS3104"]);
    expect(dag.signature.check!(base({ scm: "B" })).map((i) => i.code)).toEqual(["DIS3106"]);
    expect(info.signature.check!(base({ code: "z" })).map((i) => i.code)).toEqual(["DIS3103"]);
    expect(info.signature.check!(base({ code: "c" }))).toEqual([]);
  });
});

describe("disc list and docs/stdlib.md", () => {
  it("formatList shows names, parameter types, units and defaults", () => {
    const text = formatList(registry, "penalties");
    expect(text).toMatch(/^penalties \(13\)/);
    expect(text).toContain("capacity — ");
    expect(text).toContain("max: number nats (≥ 0) (required)");
    expect(text).toContain(
      "optimizer: optimizer call = adam(lr: 0.0001, beta1: 0.5, beta2: 0.9, epsilon: 1e-8)",
    );
    expect(formatList(registry, "data")).toContain("dsprites — ");
    expect(formatList(registry)).toContain("schedules (3)");
    expect(() => formatList(registry, "losses")).toThrow(/valid groups/);
  });
  it("docs/stdlib.md is the current renderStdlibMarkdown(registry) output", () => {
    const onDisk = readFileSync(new URL("../../docs/stdlib.md", import.meta.url), "utf8");
    // regenerate with: npm run docs
    expect(onDisk).toBe(renderStdlibMarkdown(registry));
  });
});
