/**
 * What the PyTorch target can emit, and the DIS4004 diagnostics for everything else, each at
 * the source span the plan (compiler/plan/) gives the construct. A spec that passes
 * `pytorchSupportDiagnostics` with no error emits.
 */
import type { Position, Span } from "../../../grammar/ast.js";
import { registry } from "../../../stdlib/registry.js";
import type {
  LikelihoodDef,
  NetworkDef,
  OptimizerDef,
  PenaltyDef,
  ScheduleDef,
} from "../../../stdlib/types.js";
import { FILE_START, makeDiagnostic } from "../../diagnostics/make.js";
import type { Diagnostic } from "../../diagnostics/types.js";
import type { ModelIR, TermIR } from "../../ir/types.js";
import type { Span as PlanSpan, TrainingPlan } from "../../plan/types.js";

/** The entries of `kind` that carry a PyTorch implementation (`pytorch`, beside their TypeScript one). */
const implemented = (
  kind: "penalty" | "schedule" | "likelihood" | "optimizer" | "network",
): readonly string[] =>
  registry
    .list(kind)
    .filter(
      (e) =>
        (e as PenaltyDef | ScheduleDef | LikelihoodDef | OptimizerDef | NetworkDef).pytorch !==
        undefined,
    )
    .map((e) => e.name);

/**
 * Stdlib entries the PyTorch target emits, by kind (docs and `disc list` read this). Networks,
 * penalties, likelihoods, optimizers and schedules: derived from which entries carry a
 * `pytorch` implementation.
 */
export const PYTORCH_SUPPORT = {
  backbones: ["vae"],
  networks: implemented("network"),
  likelihoods: implemented("likelihood"),
  penalties: implemented("penalty"),
  optimizers: implemented("optimizer"),
  schedules: implemented("schedule"),
  datasets: ["dsprites"],
  distributions: ["normal"],
} as const;

/** Per-entry restrictions that are narrower than the entry itself. */
export const PYTORCH_NOTES: Readonly<Record<string, string>> = {
  total_correlation: "estimators mws, mss and discriminator (FactorVAE)",
  dsprites: "procedural, or any `path` to a .npz of images",
  mlp: "any activation; image or vector input and output",
};

const has = (list: readonly string[], v: string): boolean => list.includes(v);

/**
 * The diagnostic span of a plan span in the source `text` (offsets from its lines and
 * columns); the file's start for a construct without a span (a default).
 */
export function diagnosticSpan(span: PlanSpan | null, text: string): Span {
  if (span === null) return FILE_START;
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const at = (line: number, column: number): Position => ({
    offset: Math.min(text.length, (lineStarts[line - 1] ?? text.length) + column - 1),
    line,
    column,
  });
  const start = at(span.line, span.col);
  const end =
    span.endLine !== undefined && span.endCol !== undefined ? at(span.endLine, span.endCol) : start;
  return { start, end };
}

function termProblem(t: TermIR): string | undefined {
  if (t.module !== undefined)
    return `the user penalty '${t.entry}' (from "${t.module}") has no PyTorch implementation`;
  if (!has(PYTORCH_SUPPORT.penalties, t.entry))
    return `the penalty '${t.entry}' is not yet available on the pytorch target`;
  return undefined;
}

/**
 * Every construct of `ir` the PyTorch target cannot emit, as DIS4004 errors (one per construct,
 * at its source position), plus a DIS4004 warning for an `evaluate` block (metrics and pictures
 * run on the TypeScript target only). Empty when the model emits as is.
 */
export function pytorchSupportDiagnostics(
  ir: ModelIR,
  plan: TrainingPlan,
  text: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const err = (span: PlanSpan | null, message: string, hint?: string) =>
    out.push(makeDiagnostic("DIS4004", diagnosticSpan(span, text), message, hint ? { hint } : {}));
  const variableSpan = (i: number) => plan.variables[i]?.span ?? null;
  const networkSpan = (name: string) =>
    plan.forward.find((s) => s.kind === "network" && s.network === name)?.span ?? null;
  const hint =
    "compile with `--target ts` (the TypeScript target supports every stdlib entry); docs/pytorch.md lists what the pytorch target supports.";
  if (!has(PYTORCH_SUPPORT.backbones, ir.backbone)) {
    err(plan.data.span, `The pytorch target cannot emit the ${ir.backbone} backbone yet.`, hint);
    return out;
  }
  if (ir.uses.length > 0)
    err(
      plan.data.span,
      "The pytorch target cannot load `use` modules (user TypeScript entries).",
      hint,
    );
  if (!has(PYTORCH_SUPPORT.datasets, ir.data.dataset) && !ir.data.args["path"]?.value) {
    err(
      plan.data.span,
      `The pytorch target generates only dsprites; give ${ir.data.dataset} a \`path\` to a .npz of images.`,
      hint,
    );
  }
  for (const [i, v] of ir.variables.entries()) {
    if (
      v.role !== "latent" ||
      !v.hasPosterior ||
      !has(PYTORCH_SUPPORT.distributions, v.distribution)
    ) {
      err(
        variableSpan(i),
        `The pytorch target supports only Gaussian latents with an encoder; '${v.name}' is a ${v.role} ~ ${v.distribution}.`,
        hint,
      );
    }
  }
  for (const n of ir.networks) {
    const at = networkSpan(n.name);
    if (!has(PYTORCH_SUPPORT.networks, n.arch)) {
      err(at, `The network '${n.arch}' is not yet available on the pytorch target.`, hint);
    } else if (n.role !== "encoder" && n.role !== "decoder") {
      err(at, `The pytorch target emits encoders and decoders only, not a ${n.role}.`, hint);
    } else if (n.inputs.length !== 1 || n.outputs.length !== 1) {
      err(
        at,
        `The pytorch target needs one input and one output per network; '${n.name}' has ${n.inputs.length} and ${n.outputs.length}.`,
        hint,
      );
    } else if (n.inputs[0] === "y" || n.outputs[0] === "y") {
      err(
        at,
        `The pytorch target's networks read and model the images x, not the labels y; '${n.name}' ${n.inputs[0] === "y" ? "reads" : "models"} y.`,
        hint,
      );
    }
    if (n.likelihood && !has(PYTORCH_SUPPORT.likelihoods, n.likelihood.name)) {
      err(
        at,
        `The likelihood '${n.likelihood.name}' is not yet available on the pytorch target.`,
        hint,
      );
    }
  }
  for (const [i, t] of ir.terms.entries()) {
    const p = termProblem(t);
    if (p) err(plan.terms[i]?.span ?? null, `${p[0]!.toUpperCase()}${p.slice(1)}.`, hint);
  }
  for (const s of plan.schedules) {
    if (!has(PYTORCH_SUPPORT.schedules, s.entry))
      err(s.span, `The schedule '${s.entry}' is not yet available on the pytorch target.`, hint);
  }
  for (const phase of plan.phases) {
    const o = phase.optimizer;
    if (o === null || has(PYTORCH_SUPPORT.optimizers, o.entry)) continue;
    // a term's own optimizer: FactorVAE's discriminator (any other owner is refused above)
    const own = plan.terms.find((t) => t.id === phase.name);
    if (phase.kind !== "gradient" && own?.entry !== "total_correlation") continue;
    const whose = phase.kind === "gradient" ? "" : " of the discriminator";
    err(
      o.span,
      `The optimizer '${o.entry}'${whose} is not yet available on the pytorch target.`,
      hint,
    );
  }
  if (ir.evaluate) {
    out.push(
      makeDiagnostic(
        "DIS4004",
        diagnosticSpan(plan.evaluation?.span ?? null, text),
        "The pytorch target does not run the `evaluate` block (metrics, traversals); it trains and checkpoints only.",
        {
          severity: "warning",
          hint: "evaluate a checkpoint with the TypeScript target, or score the saved encoder yourself.",
        },
      ),
    );
  }
  return out;
}
