/**
 * The phases of one training step, in the order they run, each with the parameter sets it
 * updates, its optimizer and its loss; a backbone's `training` (stdlib/backbones/) picks the
 * shape. Joint (vae, causal_vae, diffusion): the main
 * gradient step on the objective over every network (and scm), then each term that owns state
 * (FactorVAE's discriminator: its own optimizer step; dag's dual ascent: its multipliers).
 * Adversarial (gan, InfoGAN): the discriminator step, then the generator step; where the Q head and the
 * info terms go follows the info terms' routing (stdlib/penalties/info.ts INFO_ROUTINGS).
 */
import { backboneDef } from "../../stdlib/backbones/index.js";
import { INFO_ROUTINGS, type InfoRouting } from "../../stdlib/penalties/info.js";
import type { ModelIR, OptimizerIR, TermIR } from "../ir/types.js";
import type { ModelSpans } from "../ir/spans.js";
import { withoutTerm } from "./objective.js";
import type { FoldExpr, OptimizerPlan, Phase, Values } from "./types.js";

const values = (args: OptimizerIR["args"]): Values =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.value]));

/** The IR's optimizer for `target` (else the main one) with its span. Throws when there is none. */
function optimizerFor(ir: ModelIR, spans: ModelSpans | undefined, target: string): OptimizerPlan {
  let i = ir.train.optimizers.findIndex((o) => o.target === target);
  if (i < 0) i = ir.train.optimizers.findIndex((o) => o.target === "main");
  const o = ir.train.optimizers[i];
  if (!o) throw new Error(`no optimizer for ${target}`);
  return { entry: o.entry, args: values(o.args), span: spans?.optimizers[i] ?? null };
}

/** The phases of `ir`; `objective` is the plan's annotated objective. */
export function planPhases(
  ir: ModelIR,
  objective: FoldExpr,
  spans: ModelSpans | undefined,
): Phase[] {
  return backboneDef(ir.backbone).training === "adversarial"
    ? ganPhases(ir, objective, spans)
    : vaePhases(ir, spans);
}

function vaePhases(ir: ModelIR, spans: ModelSpans | undefined): Phase[] {
  const main: Phase = {
    name: "main",
    kind: "gradient",
    parameters: [...ir.networks.map((n) => n.name), ...ir.scms.map((s) => s.name)],
    optimizer: optimizerFor(ir, spans, "main"),
    loss: { kind: "objective" },
    terms: ir.terms.filter((t) => t.updates.includes("main")).map((t) => t.id),
  };
  const own = ir.terms.map((t, i) => ({ t, span: spans?.terms[i] ?? null }));
  return [
    main,
    ...own.filter(({ t }) => t.updates.includes("own")).map(({ t, span }) => ownPhase(t, span)),
  ];
}

/** The phase of a term that owns state; it runs after the main step, on detached tensors. */
function ownPhase(t: TermIR, span: OptimizerPlan["span"]): Phase {
  if (t.entry === "dag" && t.args["update"]?.value === "dual_ascent") {
    return {
      name: t.id,
      kind: "dual_ascent",
      parameters: [`${t.id}.alpha`, `${t.id}.rho`],
      optimizer: null,
      loss: { kind: "dual_ascent", term: t.id },
      terms: [t.id],
      every: Number(t.args["every"]?.value),
    };
  }
  const opt = t.args["optimizer"]?.value as { entry?: unknown; args?: unknown } | undefined;
  const optimizer: OptimizerPlan | null =
    opt && typeof opt.entry === "string"
      ? { entry: opt.entry, args: (opt.args ?? {}) as Values, span }
      : null;
  const what = t.entry === "total_correlation" ? "discriminator" : "state";
  return {
    name: t.id,
    kind: "term_state",
    parameters: [`${t.id}.${what}`],
    optimizer,
    loss: { kind: "term_state", term: t.id },
    terms: [t.id],
  };
}

/**
 * InfoGAN's two steps. The discriminator step updates the discriminator's trunk and head on
 * the discriminator loss; with routing `official` it also carries the info part of the
 * objective (the objective with the gan term at 0) and updates the Q head. The generator step
 * minimises the objective over the generator (and the Q head with routing `paper`).
 */
function ganPhases(ir: ModelIR, objective: FoldExpr, spans: ModelSpans | undefined): Phase[] {
  const role = (r: string) => ir.networks.find((n) => n.role === r);
  const g = role("generator");
  const d = role("discriminator");
  const head = role("head");
  const gan = ir.terms.find((t) => t.entry === "gan");
  if (!g || !d || !gan)
    throw new Error("a gan model needs a generator, a discriminator and a gan term");
  const info = ir.terms.filter((t) => t.entry === "info");
  const routing = String(info[0]?.args["routing"]?.value ?? "paper") as InfoRouting;
  const r = INFO_ROUTINGS[routing];
  if (!r) throw new Error(`unknown info routing '${routing}'`);
  const qInD = info.length > 0 && head !== undefined && r.discriminatorStep;
  const qInG = info.length > 0 && head !== undefined && !r.discriminatorStep;
  const plus = info.length > 0 && r.discriminatorStep ? withoutTerm(objective, gan.id) : null;
  return [
    {
      name: "discriminator",
      kind: "gradient",
      parameters: [`${d.name}.trunk`, `${d.name}.head`, ...(head && qInD ? [head.name] : [])],
      optimizer: optimizerFor(ir, spans, d.name),
      loss: {
        kind: "gan_discriminator",
        term: gan.id,
        loss: String(gan.args["loss"]?.value ?? "non_saturating"),
        plus,
      },
      terms: plus ? info.map((t) => t.id) : [],
    },
    {
      name: "generator",
      kind: "gradient",
      parameters: [g.name, ...(head && qInG ? [head.name] : [])],
      optimizer: optimizerFor(ir, spans, g.name),
      loss: { kind: "objective" },
      terms: ir.terms.map((t) => t.id),
    },
  ];
}
