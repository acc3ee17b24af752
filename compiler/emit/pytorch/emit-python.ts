/**
 * IR → a PyTorch DistributedDataParallel training program (`<model>.py`) plus the runtime
 * package `disc_torch/` beside it. The program holds everything spec-specific — the
 * hyperparameters, the networks, the forward pass, every loss term and the objective — and
 * hands the loop to disc_torch.train.main. The forward order and the objective come from the
 * plan (compiler/plan/), the rest reads the IR; call pytorchSupportDiagnostics first (this
 * throws for a construct it rejects).
 */
import type { ModelIR, NetworkIR, ResolvedArgs } from "../../ir/types.js";
import { networkOrder } from "../../plan/forward.js";
import type { TrainingPlan } from "../../plan/types.js";
import { resolvedSpecLines } from "../resolved-spec.js";
import { planPyObjective, termCall } from "./emit-terms.js";
import { pyIdent, pyLiteral, pyWrap } from "./py-literals.js";
import { runtimeFiles } from "./runtime-files.js";

export interface PytorchEmitOptions {
  readonly discVersion: string;
}

const val = (args: ResolvedArgs): Record<string, unknown> =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.value]));

function networkCtor(n: NetworkIR): string {
  const a = val(n.args);
  const io = [pyLiteral(n.inputShape), pyLiteral(n.outputShape)];
  const out = n.outputShape.reduce((p, q) => p * q, 1);
  switch (n.arch) {
    case "conv64":
      return `dt.nets.Conv64(${io[0]}, ${out}, channels=${pyLiteral(a["channels"])}, hidden=${pyLiteral(a["hidden"])})`;
    case "deconv64":
      return `dt.nets.Deconv64(${n.inputShape[0]}, ${io[1]}, hidden=${pyLiteral(a["hidden"])}, channels=${pyLiteral(a["channels"])})`;
    case "mlp":
      return `dt.nets.MLP(${io[0]}, ${io[1]}, hidden=${pyLiteral(a["hidden"])}, activation=${pyLiteral(a["activation"])})`;
    default:
      throw new Error(`the network '${n.arch}' has no PyTorch emitter`);
  }
}

/** The networks in the plan's order (topological: an encoder before the decoders of its latent). */
function forwardLines(ir: ModelIR, plan: TrainingPlan): string[] {
  const lines: string[] = [];
  const outs: string[] = [];
  const byName = new Map(ir.networks.map((n) => [n.name, n]));
  for (const name of networkOrder(plan.forward)) {
    const n = byName.get(name);
    if (n === undefined) throw new Error(`the plan's network ${name} is not in the IR`);
    const self = `self.${pyIdent(n.name)}`;
    const input = n.inputs[0]!;
    const src = input === "x" || !ir.variables.some((v) => v.name === input) ? "x" : pyIdent(input);
    const o = n.outputs[0]!;
    lines.push(
      `# ${n.role} ${n.name} = ${n.arch}: ${n.inputs.join(", ")} -> ${n.outputs.join(", ")}  (${n.from})`,
    );
    if (n.role === "encoder") {
      const v = pyIdent(o);
      lines.push(`${v}_mu, ${v}_logvar = dt.nets.split_gaussian(${self}(${src}))`);
      lines.push(`${v} = dt.nets.reparameterize(${v}_mu, ${v}_logvar, eps[${JSON.stringify(o)}])`);
      outs.push(`${JSON.stringify(o)}: (${v}_mu, ${v}_logvar, ${v})`);
    } else {
      lines.push(`${pyIdent(o)}_params = ${self}(${src})`);
      outs.push(`${JSON.stringify(o)}: ${pyIdent(o)}_params`);
    }
  }
  lines.push(`return ${pyWrap("{", outs, "}", "        ")}`);
  return lines;
}

function termStateLines(ir: ModelIR): string[] {
  const lines: string[] = [];
  for (const t of ir.terms) {
    if (t.entry !== "total_correlation" || t.args["estimator"]?.value !== "discriminator") continue;
    const latent = String(t.args["latent"]?.value);
    const size = ir.variables.find((v) => v.name === latent)?.size ?? 0;
    const opt = pyLiteral(t.args["optimizer"]?.value);
    // exploded with a trailing comma, as black writes it
    const argsList = [JSON.stringify(latent), String(size), opt, "device", "world", 'hp["seed"]'];
    lines.push(
      `${JSON.stringify(t.id)}: dt.DiscriminatorState(`,
      ...argsList.map((a) => `    ${a},`),
      "),",
    );
  }
  return lines;
}

/** Splits a long header line after ", " so the docstring stays within the line limit. */
function wrapLine(line: string, width: number): string[] {
  const out: string[] = [];
  let rest = line;
  const lead = " ".repeat(Math.min(8, line.length - line.trimStart().length + 4));
  while (rest.length > width) {
    const cut = rest.lastIndexOf(", ", width);
    if (cut <= lead.length) break;
    out.push(rest.slice(0, cut + 1));
    rest = lead + rest.slice(cut + 2);
  }
  out.push(rest);
  return out;
}

/** A Python string literal, single-quoted when that needs no escapes (black's preference). */
const pyString = (s: string): string =>
  /['\\\n]/.test(s) || /[^\x20-\x7e]/.test(s) ? JSON.stringify(s) : `'${s}'`;

const indent = (lines: readonly string[], n: number): string =>
  lines.map((l) => " ".repeat(n) + l).join("\n");

/** The program's source and the runtime files, keyed by output path. */
export function emitPytorch(
  ir: ModelIR,
  plan: TrainingPlan,
  opts: PytorchEmitOptions,
): Record<string, string> {
  const name = pyIdent(ir.name);
  const opt = ir.train.optimizers.find((o) => o.target === "main") ?? ir.train.optimizers[0];
  if (!opt) throw new Error("the model has no optimizer");
  const objective = planPyObjective(plan.objective);
  const latents = ir.variables.filter((v) => v.hasPosterior);
  const hp = [
    `"data": ${pyLiteral(val(ir.data.args))},`,
    `"batch_size": ${ir.train.batchSize.value},`,
    `"steps": ${ir.train.steps.value},`,
    `"seed": ${ir.train.seed.value},`,
    `"clip_norm": ${ir.train.clipNorm.value},`,
    `"log_every": ${ir.train.logEvery.value},`,
    `"checkpoint_every": ${ir.train.checkpointEvery.value},`,
    `"optimizer": ${pyLiteral({ entry: opt.entry, args: val(opt.args) })},`,
    `"weights": ${pyLiteral(Object.fromEntries(objective.weights))},`,
  ];
  const states = termStateLines(ir);
  const program = `"""${ir.name} — PyTorch DistributedDataParallel training program generated by disc ${opts.discVersion}.
Source: ${ir.source.file} (sha256 ${ir.source.sha256})
Regenerate with \`disc compile ${ir.source.file} --target pytorch\`. Run (docs/pytorch.md):
  python3 ${name}.py --out runs/${name} [--nproc 2]        # here: 1 or N local processes
  torchrun --nnodes N --nproc_per_node G ${name}.py --out DIR   # a GPU cluster
Needs PyTorch and NumPy; the package disc_torch/ beside this file is the runtime.

Resolved spec (value, then where it came from):
${resolvedSpecLines(ir)
  .flatMap((l) =>
    wrapLine(l.replace(/\s+$/, "").replace(/\\/g, "\\\\").replace(/"""/g, '\\"\\"\\"'), 110),
  )
  .join("\n")}
"""

import json

import torch
from torch import nn

import disc_torch as dt
from disc_torch import penalties as P

name = ${JSON.stringify(ir.name)}
dataset_name = ${JSON.stringify(ir.data.dataset)}

#: Every number the run depends on; "batch_size" is per process (a step sees batch_size × processes).
hyperparameters = {
${indent(hp, 4)}
}

#: Flattened size of each latent with a posterior.
latent_sizes = ${pyLiteral(Object.fromEntries(latents.map((v) => [v.name, v.size])))}


class Networks(nn.Module):
    """The model's networks by declared name. forward(x [B, C, H, W], eps {latent: [B, D]})
    returns {latent: (mu, logvar, sample) each [B, D], observed: decoder params [B, C, H, W]}."""

    def __init__(self):
        super().__init__()
${indent(
  ir.networks.flatMap((n) => [
    `# ${n.role} ${n.name}: ${n.arch} (${n.from})`,
    `self.${pyIdent(n.name)} = ${networkCtor(n)}`,
  ]),
  8,
)}

    def forward(self, x, eps):
${indent(forwardLines(ir, plan), 8)}


def build_networks(hp=hyperparameters):
    """Every network, initialised from hp["seed"] (Glorot uniform, zero biases)."""
    torch.manual_seed(hp["seed"])
    return Networks()


def build_term_states(hp, device, world):
    """Terms that train their own networks (FactorVAE's discriminator), by term id."""
    return {${states.length ? "\n" + indent(states, 8) + "\n    " : ""}}


def sample_eps(batch, generator, device):
    """ε ~ N(0, I) [batch, D] for every latent, drawn from \`generator\` (CPU) then moved to \`device\`."""
    return {k: torch.randn(batch, d, generator=generator).to(device) for k, d in latent_sizes.items()}


def loss_terms(model, x, eps, step, dataset_size, hp=hyperparameters, states=None):
    """One forward pass and every loss term (scalars, nats) for a batch x [B, C, H, W].
    step: optimizer steps taken so far; dataset_size: N of the training set.
    Returns (terms by id, the total to minimise, the forward outputs)."""
    states = states or {}
    out = model(x, eps)
${indent(
  latents.map(
    (v) =>
      `${pyIdent(v.name)}_mu, ${pyIdent(v.name)}_logvar, ${pyIdent(v.name)} = out[${JSON.stringify(v.name)}]`,
  ),
  4,
)}
    terms = {
${indent(
  ir.terms.flatMap((t) => [
    `# ${t.entry} (${t.from})`,
    `${JSON.stringify(t.id)}: ${termCall(t, ir)},`,
  ]),
  8,
)}
    }
    total = ${objective.code}
    return terms, total, out


def resolved_spec():
    """The compiler's IR of the spec (every default filled in), written to each run's config.json."""
    return json.loads(RESOLVED_SPEC)


RESOLVED_SPEC = ${pyString(JSON.stringify(ir))}  # noqa: E501

PROGRAM = dt.Program(
    name=name,
    dataset_name=dataset_name,
    hyperparameters=hyperparameters,
    build_networks=build_networks,
    build_term_states=build_term_states,
    sample_eps=sample_eps,
    loss_terms=loss_terms,
    resolved_spec=resolved_spec,
)

if __name__ == "__main__":
    dt.main(PROGRAM)
`;
  return { [`${name}.py`]: program, ...runtimeFiles() };
}
