/**
 * Model-level rules over the resolved model (DIS3xxx): backbone applicability, posteriors,
 * what `recon` reconstructs, GAN codes and structure (check-gan.ts), causal_vae structure
 * (check-causal.ts), diffusion structure (check-diffusion.ts), discriminator optimizers, unused latents, minibatch estimators at batch 1,
 * suspicious objectives (pedantic.ts) and every registry entry's own `check()`.
 */
import type { Span } from "../../grammar/ast.js";
import { backboneDef, backbonesProviding, capabilityWords } from "../../stdlib/backbones/index.js";
import type { VariableInfo } from "../../stdlib/types.js";
import { runEntryCheck } from "./entry-check.js";
import { checkCausal } from "./check-causal.js";
import { checkDiffusion } from "./check-diffusion.js";
import { checkGan } from "./check-gan.js";
import { checkPedantic } from "./pedantic.js";
import type { CheckContext } from "./context.js";
import type { CheckedModel, CheckedTerm, ResolvedCall } from "./types.js";
import { plainArgs } from "./values.js";

const MINIBATCH_ESTIMATORS = new Set(["mws", "mss"]);

function batchSize(m: CheckedModel): number {
  const b = m.data?.call.args["batch"]?.value;
  return typeof b === "number" ? b : 64;
}

function argSpan(call: ResolvedCall, param: string): Span {
  return call.argSpans[param] ?? call.span;
}

function firstRefParam(t: CheckedTerm): string | undefined {
  return t.call.entry.signature.params.find((p) => p.type.kind === "ref")?.name;
}

/** True when a network with a likelihood produces `name` (what `recon(name)` scores). */
function decodes(m: CheckedModel, name: string): boolean {
  return m.networks.some((n) => n.likelihood !== null && n.outputs.includes(name));
}

function checkTerm(ctx: CheckContext, m: CheckedModel, t: CheckedTerm): void {
  const name = t.call.entry.name;
  const needs = t.call.entry.signature.needs ?? [];
  const applies = backbonesProviding(needs);
  if (!applies.includes(m.backbone)) {
    const lacks = needs.filter((n) => !backboneDef(m.backbone).provides.includes(n));
    ctx.report(
      "DIS3007",
      t.node.callee.span,
      `\`${name}\` does not apply to a ${m.backbone} model: it needs ${lacks.map(capabilityWords).join(" and ")}, which a ${m.backbone} model does not have.`,
      {
        hint: `\`${name}\` applies to ${applies.join(", ")} models.`,
      },
    );
    return;
  }
  const v = t.target ? m.variables.find((x) => x.name === t.target) : undefined;
  const refParam = firstRefParam(t);
  if (t.call.entry.traits?.readsPosterior && v && !v.hasPosterior && refParam) {
    ctx.report(
      "DIS3101",
      argSpan(t.call, refParam),
      `\`${name}(${v.name})\` needs the posterior q(${v.name}|x), but no encoder produces \`${v.name}\`.`,
      {
        hint: `add an encoder such as \`encoder conv64(): x -> ${v.name}\`, or remove the term.`,
        related: [{ span: v.span, message: `\`${v.name}\` is declared here.` }],
      },
    );
  }
  const target = t.target;
  if (name === "recon" && target && refParam && !decodes(m, target)) {
    ctx.report(
      "DIS3009",
      argSpan(t.call, refParam),
      `\`recon(${target})\` scores a decoder's likelihood of \`${target}\`, but no decoder produces \`${target}\`.`,
      {
        hint:
          target === "x"
            ? "add a decoder such as `decoder deconv64(): z -> x ~ bernoulli`."
            : "reconstruct what a decoder produces, e.g. `recon(x)`.",
      },
    );
  }
  if (name === "info" && v && v.role !== "code" && refParam) {
    ctx.report(
      "DIS3004",
      argSpan(t.call, refParam),
      `\`info\` maximises the mutual information of a GAN code, but \`${v.name}\` is a ${v.role}.`,
      {
        hint: `declare it as \`code ${v.name} ~ …\` and predict it with a \`head\`.`,
        related: [{ span: v.span, message: `\`${v.name}\` is declared here.` }],
      },
    );
  }
  const est = t.call.args["estimator"]?.value;
  if (
    est === "discriminator" &&
    t.call.args["optimizer"] === undefined &&
    t.call.entry.signature.params.every((p) => p.name !== "optimizer" || p.default === undefined)
  ) {
    ctx.report(
      "DIS3006",
      t.node.callee.span,
      `\`${name}(estimator: discriminator)\` trains its own discriminator, which needs an optimizer.`,
      {
        hint: "add `optimizer: adam(lr: 1e-4, beta1: 0.5, beta2: 0.9)`.",
      },
    );
  }
  if (typeof est === "string" && MINIBATCH_ESTIMATORS.has(est) && batchSize(m) === 1) {
    ctx.report(
      "DIS3102",
      argSpan(t.call, "estimator"),
      `\`${name}\` with the minibatch estimator \`${est}\` at batch size 1 estimates q(z) from one sample.`,
      {
        hint: "use a batch size of 64 or more.",
      },
    );
  }
}

/** GAN: the discriminator needs an optimizer (its own, or the unqualified one). */
function checkGanOptimizers(ctx: CheckContext, m: CheckedModel): void {
  const gan = m.terms.find((t) => t.call.entry.name === "gan");
  if (m.backbone !== "gan") {
    for (const o of m.train.optimizers.filter((x) => x.target !== "main")) {
      ctx.report(
        "DIS3014",
        o.call?.span ?? m.decl.span,
        `A per-network optimizer (\`optimizer ${o.target}:\`) is only for GAN models; this is a ${m.backbone}.`,
        {
          hint: "write `optimizer: …` without a network name.",
        },
      );
    }
    return;
  }
  const disc = m.networks.find((n) => n.role === "discriminator");
  const covered = m.train.optimizers.some((o) => o.target === "main" || o.target === disc?.name);
  if (gan && disc && !covered) {
    ctx.report(
      "DIS3006",
      gan.node.callee.span,
      `\`gan\` trains the discriminator \`${disc.name}\`, but \`train\` gives it no optimizer.`,
      {
        hint: `add \`optimizer ${disc.name}: adam(lr: 2e-4, beta1: 0.5)\` to \`train\`.`,
        related: [{ span: disc.span, message: `\`${disc.name}\` is declared here.` }],
      },
    );
  }
}

/** Warns about latents no term reads (a head/decoder alone does not regularise them). */
function checkUnused(ctx: CheckContext, m: CheckedModel): void {
  const used = new Set<string>();
  for (const t of m.terms)
    for (const a of Object.values(t.call.args)) if (typeof a.value === "string") used.add(a.value);
  for (const s of m.scms) used.add(s.over);
  for (const v of m.variables) {
    if (v.role === "latent" && !used.has(v.name) && m.terms.length > 0) {
      ctx.report("DIS3016", v.span, `No loss term uses the latent \`${v.name}\`.`, {
        hint: `add a term such as \`kl(${v.name})\`, or remove \`${v.name}\`.`,
      });
    }
  }
}

/** Runs the registry `check()` of every resolved call except the data set's (checked earlier). */
function entryChecks(ctx: CheckContext, m: CheckedModel, taken: ReadonlySet<number>): void {
  const variables: Record<string, VariableInfo> = {};
  if (m.data) {
    const [h, w, c] = m.data.imageShape;
    variables["x"] = {
      role: "observed",
      distribution: "data",
      size: h * w * c,
      hasPosterior: false,
    };
    if (m.data.factorNames.length > 0)
      variables["y"] = {
        role: "observed",
        distribution: "data",
        size: m.data.factorNames.length,
        hasPosterior: false,
      };
  }
  for (const v of m.variables)
    variables[v.name] = {
      role: v.role,
      distribution: v.dist.entry.name,
      size: v.size,
      hasPosterior: v.hasPosterior,
    };
  const calls: ResolvedCall[] = [
    ...m.variables.map((v) => v.dist),
    ...m.networks.flatMap((n) => (n.likelihood ? [n.call, n.likelihood.call] : [n.call])),
    ...m.terms.map((t) => t.call),
    ...m.train.optimizers.flatMap((o) => (o.call ? [o.call] : [])),
    ...(m.evaluate?.metrics ?? []),
  ];
  const scms = m.scms.map((s) => s.name);
  const networks = m.networks.map((n) => ({ name: n.name, role: n.role, arch: n.call.entry.name }));
  const batch = batchSize(m);
  for (const call of calls) {
    runEntryCheck(
      ctx,
      call,
      {
        backbone: m.backbone,
        args: plainArgs(call.args),
        variables,
        scms,
        networks,
        batchSize: batch,
      },
      taken,
    );
  }
}

/** All DIS3xxx model rules for one model. */
export function checkSemantics(ctx: CheckContext, m: CheckedModel): void {
  const start = ctx.diagnostics.length;
  for (const t of m.terms) checkTerm(ctx, m, t);
  checkGan(ctx, m);
  checkCausal(ctx, m);
  checkDiffusion(ctx, m);
  checkGanOptimizers(ctx, m);
  checkUnused(ctx, m);
  checkPedantic(ctx, m);
  entryChecks(ctx, m, new Set(ctx.diagnostics.slice(start).map((d) => d.span.start.offset)));
}
