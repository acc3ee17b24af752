/**
 * Which model family a spec declares: `gan` (a generator or discriminator), `causal_vae` (an
 * scm), `diffusion` (a denoiser), else `vae`. Two families at once is DIS3008; a family without
 * its networks is DIS3009.
 */
import type { ModelDecl, Span } from "../../grammar/ast.js";
import type { Backbone } from "../../stdlib/types.js";
import { article, type CheckContext } from "./context.js";

const NEEDS: Record<Backbone, readonly string[]> = {
  vae: ["encoder", "decoder"],
  causal_vae: ["encoder", "decoder"],
  diffusion: ["denoiser"],
  gan: ["generator", "discriminator"],
};

/** Determines the backbone of `model`, reporting DIS3008 / DIS3009. */
export function determineBackbone(ctx: CheckContext, model: ModelDecl): Backbone {
  const found: { backbone: Backbone; span: Span; why: string }[] = [];
  for (const item of model.items) {
    if (item.kind === "Network" && (item.role === "generator" || item.role === "discriminator")) {
      found.push({ backbone: "gan", span: item.roleSpan, why: `a ${item.role}` });
    } else if (item.kind === "Network" && item.role === "denoiser") {
      found.push({ backbone: "diffusion", span: item.roleSpan, why: "a denoiser" });
    } else if (item.kind === "Scm") {
      found.push({ backbone: "causal_vae", span: item.span, why: "an scm" });
    }
  }
  const first = found[0];
  const backbone: Backbone = first?.backbone ?? "vae";
  const clash = found.find((f) => f.backbone !== backbone);
  if (first && clash) {
    ctx.report(
      "DIS3008",
      clash.span,
      `This model is a ${backbone} (it has ${first.why}), but ${clash.why} makes it a ${clash.backbone}.`,
      {
        hint: "one model has one backbone; split it into two models.",
        related: [
          {
            span: first.span,
            message: `${first.why[0]!.toUpperCase()}${first.why.slice(1)} is declared here.`,
          },
        ],
      },
    );
  }
  const roles = new Set<string>(model.items.flatMap((i) => (i.kind === "Network" ? [i.role] : [])));
  const missing = NEEDS[backbone].filter((r) => !roles.has(r));
  if (missing.length > 0 && model.name && !ctx.recovering) {
    ctx.report(
      "DIS3009",
      model.name.span,
      `A ${backbone} model needs ${missing.map((r) => `${article(r)} ${r}`).join(" and ")}, but \`${model.name.name}\` declares none.`,
      {
        hint: missing.includes("encoder")
          ? "add e.g. `encoder conv64(): x -> z`."
          : missing.includes("decoder")
            ? "add e.g. `decoder deconv64(): z -> x ~ bernoulli`."
            : `add a ${missing[0]}.`,
      },
    );
  }
  return backbone;
}
