/**
 * Warnings about objectives that check cleanly but are unlikely to be meant:
 * - DIS3050 a penalty to be minimised with a negative weight (`-35 * total_correlation(z)`:
 *   minimising the loss then maximises it);
 * - DIS3051 a VAE loss without `recon` (the decoder is never trained);
 * - DIS3052 the same term twice (`kl(z) + kl(z)`: one term with the summed weight);
 * - DIS3053 an encoded latent that no term ties to its prior (only `total_correlation` or
 *   `mutual_info` read it, so the posterior may drift anywhere);
 * - DIS3054 a network that no term's gradient reaches (it keeps its initial weights).
 */
import { printExpr } from "../format/print-expr.js";
import type { CheckContext } from "./context.js";
import { termSigns } from "./term-signs.js";
import type { CheckedModel, CheckedNetwork } from "./types.js";
import { plainArgs } from "./values.js";

const VAE_FAMILY = new Set(["vae", "causal_vae"]);

const show = (name: string, target: string | undefined) =>
  `\`${name}${target ? `(${target})` : ""}\``;

/** DIS3050: a minimised penalty whose weight is negative. */
function negativeWeights(ctx: CheckContext, m: CheckedModel): void {
  for (const [index, sign] of termSigns(m)) {
    const t = m.terms[index]!;
    const name = t.call.entry.name;
    if (sign >= 0 || !t.call.entry.traits?.minimised) continue;
    ctx.report(
      "DIS3050",
      t.node.span,
      `${show(name, t.target)} enters the loss with a negative weight, so training maximises it; it is a penalty to minimise.`,
      { hint: "give it a positive weight, or remove the term." },
    );
  }
}

/** DIS3051: a VAE-family model with a decoder but no `recon` term. Returns true when it warned. */
function missingRecon(ctx: CheckContext, m: CheckedModel): boolean {
  const decoder = m.networks.find((n) => n.likelihood !== null);
  if (!VAE_FAMILY.has(m.backbone) || !decoder || !m.lossExpr) return false;
  if (m.terms.some((t) => t.call.entry.name === "recon")) return false;
  const x = decoder.outputs[0] ?? "x";
  ctx.report(
    "DIS3051",
    m.lossExpr.span,
    `This ${m.backbone} loss has no \`recon\` term, so the decoder \`${decoder.name}\` is never trained and the latent encodes nothing.`,
    {
      hint: `add \`recon(${x})\`, e.g. \`loss = recon(${x}) + …\`.`,
      related: [{ span: decoder.span, message: `\`${decoder.name}\` is declared here.` }],
    },
  );
  return true;
}

/** DIS3052: a term with the same entry and resolved arguments as an earlier one. */
function duplicateTerms(ctx: CheckContext, m: CheckedModel): void {
  const seen = new Map<string, CheckedModel["terms"][number]>();
  for (const t of m.terms) {
    const key = `${t.call.entry.name}${JSON.stringify(plainArgs(t.call.args))}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, t);
      continue;
    }
    const name = show(t.call.entry.name, t.target);
    ctx.report("DIS3052", t.node.span, `${name} is in the loss twice, with the same arguments.`, {
      hint: `write \`${printExpr(t.node)}\` once, with the two weights added.`,
      related: [{ span: first.node.span, message: "It is first used here." }],
    });
  }
}

/** DIS3053: an encoded latent read only by terms that leave its prior out. */
function unconstrainedLatents(ctx: CheckContext, m: CheckedModel): void {
  if (!VAE_FAMILY.has(m.backbone)) return;
  for (const v of m.variables) {
    if (v.role !== "latent" || !v.hasPosterior) continue;
    const on = m.terms.filter((t) => Object.values(t.call.args).some((a) => a.value === v.name));
    if (on.length === 0 || !on.every((t) => t.call.entry.traits?.leavesPriorFree)) continue;
    if (m.scms.some((s) => s.over === v.name)) continue;
    const distinct = [...new Set(on.map((t) => `\`${t.call.entry.name}\``))];
    const [names, one] = [distinct.join(" and "), distinct.length === 1];
    ctx.report(
      "DIS3053",
      v.span,
      `No term ties the latent \`${v.name}\` to its prior: only ${names} read${one ? "s" : ""} it, which leave${one ? "s" : ""} q(${v.name}|x) free to drift away from the prior.`,
      { hint: `add a prior term such as \`kl(${v.name})\` or \`dimwise_kl(${v.name})\`.` },
    );
  }
}

/** The networks some term's gradient reaches: those producing what a term reads, and upstream. */
function trainedNetworks(m: CheckedModel): Set<CheckedNetwork> {
  const read = new Set<string>();
  for (const t of m.terms)
    for (const a of Object.values(t.call.args)) if (typeof a.value === "string") read.add(a.value);
  const roles = new Set(m.terms.flatMap((t) => t.call.entry.traits?.trainsRoles ?? []));
  const trained = new Set(
    m.networks.filter((n) => roles.has(n.role) || n.outputs.some((o) => read.has(o))),
  );
  for (let grew = true; grew;) {
    grew = false;
    for (const n of [...trained])
      for (const input of n.inputs)
        for (const p of m.networks)
          if (!trained.has(p) && (p.name === input || p.outputs.includes(input))) {
            trained.add(p);
            grew = true;
          }
  }
  return trained;
}

/** DIS3054: a network no term trains (decoders are left to DIS3051 when `recon` is missing). */
function untrainedNetworks(ctx: CheckContext, m: CheckedModel, noRecon: boolean): void {
  if (m.terms.length === 0) return;
  const trained = trainedNetworks(m);
  for (const n of m.networks) {
    if (trained.has(n) || (noRecon && n.likelihood !== null)) continue;
    ctx.report(
      "DIS3054",
      n.span,
      `No loss term updates the ${n.role} \`${n.name}\`: nothing it produces is scored, so it keeps its initial weights.`,
      { hint: `score its output, e.g. \`recon(${n.outputs[0] ?? "x"})\`, or remove it.` },
    );
  }
}

/** All the warnings of this file for one model (run when the model has no errors). */
export function checkPedantic(ctx: CheckContext, m: CheckedModel): void {
  negativeWeights(ctx, m);
  const noRecon = missingRecon(ctx, m);
  duplicateTerms(ctx, m);
  unconstrainedLatents(ctx, m);
  untrainedNetworks(ctx, m, noRecon);
}
