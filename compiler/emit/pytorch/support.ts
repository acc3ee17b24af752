/**
 * What the PyTorch target can emit, and the DIS4004 diagnostics for everything else.
 * Reads the IR only; a spec that passes `pytorchSupportDiagnostics` with no error emits.
 */
import type { Span } from "../../../grammar/ast.js";
import { makeDiagnostic } from "../../diagnostics/make.js";
import type { Diagnostic } from "../../diagnostics/types.js";
import type { ModelIR, TermIR } from "../../ir/types.js";

/** Stdlib entries the PyTorch target emits, by kind (docs and `disc list` read this). */
export const PYTORCH_SUPPORT = {
  backbones: ["vae"],
  networks: ["conv64", "deconv64", "mlp"],
  likelihoods: ["bernoulli"],
  penalties: ["recon", "kl", "capacity", "total_correlation", "mutual_info", "dimwise_kl", "dip"],
  optimizers: ["adam", "sgd"],
  schedules: ["anneal", "warmup", "constant"],
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
 * Converts a provenance string "file:line:col" into a span of the source `text`; FILE_START-like
 * span when `from` is "default" or unparsable.
 */
export function spanOfProvenance(from: string, text: string): Span {
  const m = /:(\d+):(\d+)$/.exec(from);
  if (!m)
    return { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
  const line = Number(m[1]);
  const column = Number(m[2]);
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) break;
    offset = nl + 1;
  }
  offset += column - 1;
  const pos = { offset, line, column };
  return { start: pos, end: pos };
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
export function pytorchSupportDiagnostics(ir: ModelIR, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const err = (from: string, message: string, hint?: string) =>
    out.push(
      makeDiagnostic("DIS4004", spanOfProvenance(from, text), message, hint ? { hint } : {}),
    );
  const hint =
    "compile with `--target ts` (the TypeScript target supports every stdlib entry); docs/pytorch.md lists what the pytorch target supports.";
  if (!has(PYTORCH_SUPPORT.backbones, ir.backbone)) {
    err(ir.data.from, `The pytorch target cannot emit the ${ir.backbone} backbone yet.`, hint);
    return out;
  }
  if (ir.uses.length > 0)
    err(
      ir.data.from,
      "The pytorch target cannot load `use` modules (user TypeScript entries).",
      hint,
    );
  if (!has(PYTORCH_SUPPORT.datasets, ir.data.dataset) && !ir.data.args["path"]?.value) {
    err(
      ir.data.from,
      `The pytorch target generates only dsprites; give ${ir.data.dataset} a \`path\` to a .npz of images.`,
      hint,
    );
  }
  for (const v of ir.variables) {
    if (
      v.role !== "latent" ||
      !v.hasPosterior ||
      !has(PYTORCH_SUPPORT.distributions, v.distribution)
    ) {
      err(
        v.from,
        `The pytorch target supports only Gaussian latents with an encoder; '${v.name}' is a ${v.role} ~ ${v.distribution}.`,
        hint,
      );
    }
  }
  for (const n of ir.networks) {
    if (!has(PYTORCH_SUPPORT.networks, n.arch)) {
      err(n.from, `The network '${n.arch}' is not yet available on the pytorch target.`, hint);
    } else if (n.role !== "encoder" && n.role !== "decoder") {
      err(n.from, `The pytorch target emits encoders and decoders only, not a ${n.role}.`, hint);
    } else if (n.inputs.length !== 1 || n.outputs.length !== 1) {
      err(
        n.from,
        `The pytorch target needs one input and one output per network; '${n.name}' has ${n.inputs.length} and ${n.outputs.length}.`,
        hint,
      );
    } else if (n.inputs[0] === "y" || n.outputs[0] === "y") {
      err(
        n.from,
        `The pytorch target's networks read and model the images x, not the labels y; '${n.name}' ${n.inputs[0] === "y" ? "reads" : "models"} y.`,
        hint,
      );
    }
    if (n.likelihood && !has(PYTORCH_SUPPORT.likelihoods, n.likelihood.name)) {
      err(
        n.from,
        `The likelihood '${n.likelihood.name}' is not yet available on the pytorch target.`,
        hint,
      );
    }
  }
  for (const t of ir.terms) {
    const p = termProblem(t);
    if (p) err(t.from, `${p[0]!.toUpperCase()}${p.slice(1)}.`, hint);
  }
  const schedules: string[] = [];
  const walk = (e: ModelIR["objective"]): void => {
    if (e.op === "schedule") schedules.push(e.entry);
    else if (e.op === "neg" || e.op === "abs") walk(e.arg);
    else if (
      e.op === "add" ||
      e.op === "sub" ||
      e.op === "mul" ||
      e.op === "div" ||
      e.op === "pow"
    ) {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(ir.objective);
  for (const s of schedules) {
    if (!has(PYTORCH_SUPPORT.schedules, s))
      err(ir.data.from, `The schedule '${s}' is not yet available on the pytorch target.`, hint);
  }
  for (const o of ir.train.optimizers) {
    if (!has(PYTORCH_SUPPORT.optimizers, o.entry))
      err(o.from, `The optimizer '${o.entry}' is not yet available on the pytorch target.`, hint);
  }
  for (const t of ir.terms) {
    const opt = t.args["optimizer"]?.value as { entry?: string } | undefined;
    if (
      t.entry === "total_correlation" &&
      t.args["estimator"]?.value === "discriminator" &&
      opt?.entry &&
      !has(PYTORCH_SUPPORT.optimizers, opt.entry)
    ) {
      err(
        t.from,
        `The optimizer '${opt.entry}' of the discriminator is not yet available on the pytorch target.`,
        hint,
      );
    }
  }
  if (ir.evaluate) {
    out.push(
      makeDiagnostic(
        "DIS4004",
        spanOfProvenance(ir.evaluate.from, text),
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
