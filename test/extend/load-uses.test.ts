/**
 * `use` modules with an in-memory loader: every DIS21xx diagnostic at the span of its `use`,
 * user entries checked exactly like built-ins (types, units, hints), lowered with
 * `TermIR.module`, and imported by the trainer from the path relative to where it is written.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/index.js";
import { check, compile } from "../../compiler/index.js";
import { loadUses, type ModuleLoader } from "../../compiler/extend/load-uses.js";
import { moduleSpecifier } from "../../compiler/extend/prepare.js";
import { klTarget } from "../../examples/custom-penalty/penalties/kl-target.js";

const SPEC = (
  use: string,
  loss = "recon(x) + kl_target(z, target: 25 nats)",
): string => `use "${use}"
model m {
  data dsprites(batch: 64)
  latent z ~ normal(10)
  encoder conv64(): x -> z
  decoder deconv64(): z -> x ~ bernoulli
  loss = ${loss}
}
`;

/** A loader over a table of in-memory modules (by use path; a function value throws on load). */
function memory(modules: Record<string, Record<string, unknown> | (() => never)>): ModuleLoader {
  return {
    resolve: (p) => (p in modules ? `/mem/${p.replace(/^\.\//, "")}` : undefined),
    load: async (resolved) => {
      const m = modules[`./${resolved.slice("/mem/".length)}`]!;
      return typeof m === "function" ? m() : m;
    },
  };
}

async function load(text: string, loader: ModuleLoader) {
  return loadUses(parse(text, "s.dis").ast, "s.dis", loader);
}

const useSpan = { start: { line: 1, column: 1, offset: 0 } };

describe("use modules", () => {
  it("DIS2101: a missing module, and a path that is not relative", async () => {
    const a = await load(SPEC("./nope.ts"), memory({}));
    expect(a.diagnostics.map((d) => d.code)).toEqual(["DIS2101"]);
    expect(a.diagnostics[0]!.span).toMatchObject(useSpan);
    expect(a.diagnostics[0]!.span.end.column).toBe('use "./nope.ts"'.length + 1);
    const b = await load(SPEC("nope.ts"), memory({}));
    expect(b.diagnostics[0]!.hint).toMatch(/starts with "\.\/"/);
  });

  it("DIS2102: a module that throws while loading", async () => {
    const r = await load(
      SPEC("./bad.ts"),
      memory({
        "./bad.ts": () => {
          throw new SyntaxError("Unexpected token '}'");
        },
      }),
    );
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["DIS2102", "The module `./bad.ts` failed to load: Unexpected token '}'."],
    ]);
  });

  it("DIS2103: no disc entry among the exports", async () => {
    const r = await load(SPEC("./x.ts"), memory({ "./x.ts": { helper: () => 1, n: 3 } }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["DIS2103"]);
    expect(r.diagnostics[0]!.span).toMatchObject(useSpan);
  });

  it("DIS2104: signature errors, a non-penalty kind, and the wrong export name", async () => {
    const broken = {
      ...klTarget,
      name: "KlTarget",
      signature: { ...klTarget.signature, params: [{ name: "latent", type: { kind: "tensor" } }] },
    };
    const r = await load(SPEC("./x.ts"), memory({ "./x.ts": { klTarget: broken } }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["DIS2104"]);
    expect(r.diagnostics[0]!.message).toMatch(/`name` "KlTarget" must be snake_case/);
    expect(r.diagnostics[0]!.message).toMatch(/unknown type kind `tensor`/);
    expect(r.diagnostics[0]!.message).toMatch(/parameter `latent`: `doc` must be a string/);
    const net = await load(
      SPEC("./x.ts"),
      memory({
        "./x.ts": {
          myNet: {
            kind: "network",
            name: "my_net",
            signature: { params: [], doc: "d", source: "" },
          },
        },
      }),
    );
    expect(net.diagnostics[0]!.message).toMatch(/may define penalty entries; `myNet` is a network/);
    const misnamed = await load(SPEC("./x.ts"), memory({ "./x.ts": { default: klTarget } }));
    expect(misnamed.diagnostics[0]!.message).toMatch(
      /exported under the camelCase of its name, `klTarget`/,
    );
    const noCompute = await load(
      SPEC("./x.ts"),
      memory({ "./x.ts": { klTarget: { ...klTarget, compute: undefined } } }),
    );
    expect(noCompute.diagnostics[0]!.message).toMatch(/needs a `compute/);
  });

  it("DIS2105: a user entry may not shadow a built-in", async () => {
    const r = await load(SPEC("./x.ts"), memory({ "./x.ts": { kl: { ...klTarget, name: "kl" } } }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["DIS2105"]);
    expect(r.diagnostics[0]!.message).toMatch(/clashes with a built-in/);
  });

  it("checks a user penalty exactly like a built-in: units, unknown arguments with hints, missing posterior", async () => {
    const loader = memory({ "./k.ts": { klTarget } });
    const ok = await load(SPEC("./k.ts"), loader);
    expect(ok.diagnostics).toEqual([]);
    expect(ok.registry.moduleOf("penalty", "kl_target")).toBe("./k.ts");
    expect(check(SPEC("./k.ts"), "s.dis", { registry: ok.registry }).diagnostics).toEqual([]);
    const unit = check(SPEC("./k.ts", "recon(x) + kl_target(z, target: 25 steps)"), "s.dis", {
      registry: ok.registry,
    });
    expect(unit.diagnostics.map((d) => d.code)).toEqual(["DIS2005"]);
    const typo = check(SPEC("./k.ts", "recon(x) + kl_target(z, gama: 3)"), "s.dis", {
      registry: ok.registry,
    });
    expect(typo.diagnostics.map((d) => d.code)).toEqual(["DIS2002"]);
    expect(typo.diagnostics[0]!.hint).toMatch(/gamma/);
    // without the module the name is unknown, with a hint
    expect(check(SPEC("./k.ts"), "s.dis").diagnostics.map((d) => d.code)).toEqual(["DIS2001"]);
  });

  it("reads a user penalty's traits: minimised gives DIS3050 on a negative weight, leavesPriorFree DIS3053", async () => {
    const negative = SPEC("./k.ts", "recon(x) - 1.0 * kl_target(z, target: 25 nats)");
    const codes = async (entry: typeof klTarget) => {
      const { registry } = await load(negative, memory({ "./k.ts": { klTarget: entry } }));
      return check(negative, "s.dis", { registry }).diagnostics.map((d) => d.code);
    };
    expect(await codes(klTarget)).toEqual(["DIS3050"]);
    expect(await codes({ ...klTarget, traits: undefined })).toEqual([]);
    const only = SPEC("./k.ts", "recon(x) + kl_target(z, target: 25 nats)");
    const free = { ...klTarget, traits: { minimised: true, leavesPriorFree: true } };
    const { registry } = await load(only, memory({ "./k.ts": { klTarget: free } }));
    expect(check(only, "s.dis", { registry }).diagnostics.map((d) => d.code)).toEqual(["DIS3053"]);
  });

  it("records the module in the IR and imports it by a path relative to the trainer", async () => {
    const { registry } = await load(
      SPEC("./penalties/k.ts"),
      memory({ "./penalties/k.ts": { klTarget } }),
    );
    const r = await compile(SPEC("./penalties/k.ts"), "specs/s.dis", {
      registry,
      resolveModule: (p, model) => moduleSpecifier(p, "/repo/specs/s.dis", `/repo/runs/${model}`),
    });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const term = r.ir!.terms.find((t) => t.entry === "kl_target")!;
    expect(term.module).toBe("./penalties/k.ts");
    expect(r.ir!.terms.find((t) => t.entry === "recon")!.module).toBeUndefined();
    const code = Object.values(r.files)[0]!;
    expect(code).toContain('import { klTarget } from "../../specs/penalties/k.js";');
    expect(code).toMatch(
      /klTarget\.compute\(context, \{ latent: "z", \.\.\.hp\.terms\.kl_target_z \}\)/,
    );
    expect(code).toContain("kl_target_z: { target: 25, gamma: 1000 }");
  });

  it("moduleSpecifier: relative, posix, ./-prefixed, .ts written as .js", () => {
    expect(moduleSpecifier("./p/a.ts", "/r/ex/s.dis", "/r/ex")).toBe("./p/a.js");
    expect(moduleSpecifier("../lib/a.ts", "/r/ex/s.dis", "/r/runs/m")).toBe("../../lib/a.js");
    expect(moduleSpecifier("./a.mjs", "/r/s.dis", "/r/out")).toBe("../a.mjs");
  });
});
