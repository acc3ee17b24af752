/**
 * The shape of a causal_vae the CausalVAE back end trains (compiler/emit/emit-causal.ts), checked
 * before any code is emitted: every scm sits on a latent an encoder produces, since the causal
 * layer transforms that latent's posterior (DIS3101); a latent carries at most one scm (DIS2006);
 * and a decoder with a likelihood reads an encoded latent (DIS3009).
 */
import type { CheckContext } from "./context.js";
import type { CheckedModel, CheckedScm } from "./types.js";

/** All causal_vae structure rules for one model (nothing for other backbones). */
export function checkCausal(ctx: CheckContext, m: CheckedModel): void {
  if (m.backbone !== "causal_vae") return;
  const byLatent = new Map<string, CheckedScm>();
  const vars = new Map(m.variables.map((v) => [v.name, v]));
  for (const s of m.scms) {
    const first = byLatent.get(s.over);
    if (first) {
      ctx.report(
        "DIS2006",
        s.span,
        `The latent \`${s.over}\` already has the scm \`${first.name}\`; a latent takes one scm.`,
        {
          hint: "give each scm its own latent, or merge their concepts into one scm.",
          related: [{ span: first.span, message: `\`${first.name}\` is declared here.` }],
        },
      );
      continue;
    }
    byLatent.set(s.over, s);
    const v = vars.get(s.over);
    if (v && !v.hasPosterior) {
      ctx.report(
        "DIS3101",
        s.span,
        `The scm \`${s.name}\` transforms the posterior q(${v.name}|x), but no encoder produces \`${v.name}\`.`,
        {
          hint: `add an encoder such as \`encoder mlp(hidden: [256]): x -> ${v.name}\`.`,
          related: [{ span: v.span, message: `\`${v.name}\` is declared here.` }],
        },
      );
    }
  }
  const encoded = new Set(m.variables.filter((v) => v.hasPosterior).map((v) => v.name));
  const decodes = m.networks.some(
    (n) => n.likelihood !== null && n.inputs.some((i) => encoded.has(i)),
  );
  if (!decodes && encoded.size > 0) {
    ctx.report(
      "DIS3009",
      m.decl.name?.span ?? m.decl.span,
      "A causal_vae model needs a decoder of an encoded latent, but no decoder reads one.",
      {
        hint: `decode the latent the scm acts on, e.g. \`decoder mlp(hidden: [256]): ${[...encoded][0]} -> x ~ bernoulli\`.`,
      },
    );
  }
}
