/**
 * The backbone definitions (stdlib/backbones/) are the one source of role names, wiring and
 * applicability: each role is defined once and lexed as a role keyword, every required or
 * marking role exists, the language server and syntax errors know every role, a penalty's
 * `needs` give the backbones it applies to, `disc list backbones` shows them, and a user module
 * still declaring `appliesTo` is told what replaced it.
 */
import { describe, expect, it } from "vitest";
import { check } from "../../compiler/index.js";
import { entryProblems } from "../../compiler/extend/validate.js";
import { KEYWORDS, kindsForContext } from "../../compiler/lsp/knowledge.js";
import { lexDis, RoleKeyword } from "../../grammar/tokens.js";
import { klTarget } from "../../examples/custom-penalty/penalties/kl-target.js";
import {
  BACKBONES,
  ROLE_NAMES,
  backbonesProviding,
  roleDef,
} from "../../stdlib/backbones/index.js";
import { formatBackbones, formatList } from "../../stdlib/list.js";
import { registry } from "../../stdlib/registry.js";
import type { PenaltyDef } from "../../stdlib/types.js";

describe("backbone definitions", () => {
  it("define each role once, and every required or marking role exists", () => {
    expect(new Set(ROLE_NAMES).size).toBe(ROLE_NAMES.length);
    for (const b of BACKBONES) {
      for (const r of [...b.requires, ...(b.markedBy.roles ?? [])])
        expect(roleDef(r), `${b.name} names role ${r}`).toBeDefined();
    }
    expect(BACKBONES.filter((b) => !b.markedBy.roles?.length && !b.markedBy.scm)).toHaveLength(1);
  });

  it("every role is a role keyword of the lexer, the language server and completion", () => {
    const { tokens } = lexDis(ROLE_NAMES.join(" "));
    expect(tokens.map((t) => t.image)).toEqual(ROLE_NAMES);
    for (const t of tokens) expect(t.tokenType.CATEGORIES).toContain(RoleKeyword);
    for (const r of ROLE_NAMES) {
      expect(KEYWORDS).toContain(r);
      expect(kindsForContext(`  ${r} enc = `)).toEqual(["network"]);
    }
  });

  it("a penalty applies to the backbones that provide what it needs", () => {
    const applies = Object.fromEntries(
      registry
        .list("penalty")
        .map((e) => [e.name, backbonesProviding((e as PenaltyDef).signature.needs).join(",")]),
    );
    const posterior = "vae,causal_vae,diffusion";
    expect(applies).toEqual({
      recon: "vae,causal_vae",
      kl: posterior,
      capacity: posterior,
      total_correlation: posterior,
      mutual_info: posterior,
      dimwise_kl: posterior,
      dip: posterior,
      gan: "gan",
      info: "gan",
      dag: "causal_vae",
      l1: "causal_vae",
      label_align: "causal_vae",
      denoise: "diffusion",
    });
  });

  it("a term on a backbone without what it needs is DIS3007, naming the need", () => {
    const spec = `model m {
  data dsprites(batch: 8)
  noise n ~ normal(8)
  latent z ~ normal(4)
  generator deconv64(): (n, z) -> x
  discriminator conv64(): x -> real
  loss = gan(non_saturating) + kl(z)
  train { optimizer: adam(lr: 1e-4), steps: 10 }
}`;
    const d = check(spec, "m.dis").diagnostics.find((x) => x.code === "DIS3007");
    expect(d?.message).toContain("it needs an encoder's posterior q(z|x)");
    expect(d?.hint).toBe("`kl` applies to vae, causal_vae, diffusion models.");
  });

  it("disc list backbones shows each family's marker, requirements and the roles it runs; penalties show their needs", () => {
    const text = formatBackbones();
    for (const b of BACKBONES) expect(text).toContain(`  ${b.name} — `);
    expect(text).toContain("      head: another network -> latent variables or codes");
    expect(text).toMatch(/diffusion[\s\S]*requires: denoiser; provides: posterior, denoiser/);
    expect(formatList(registry, "penalties")).toContain("      needs scm: causal_vae");
  });

  it("a user entry declares needs; appliesTo is refused with what replaced it", () => {
    expect(entryProblems(klTarget, "klTarget")).toEqual([]);
    const old = { ...klTarget, signature: { ...klTarget.signature, appliesTo: ["vae"] } };
    expect(entryProblems(old, "klTarget").join("\n")).toMatch(/appliesTo.*needs: \["posterior"\]/);
    const bad = { ...klTarget, signature: { ...klTarget.signature, needs: ["an encoder"] } };
    expect(entryProblems(bad, "klTarget").join("\n")).toContain("`signature.needs` must be a list");
  });
});
