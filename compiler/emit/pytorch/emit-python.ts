/**
 * IR → a PyTorch DistributedDataParallel training program (`<model>.py`), the resolved spec it
 * reads (`<model>.spec.json`) and the runtime package `disc_torch/` beside it. The program holds
 * everything spec-specific — the hyperparameters (which the networks and the loss terms read),
 * the networks, the forward pass, every loss term and the objective — and hands the loop to
 * disc_torch.train.main. The forward order and the objective come from the
 * plan (compiler/plan/), the rest reads the IR; call pytorchSupportDiagnostics first (this
 * throws for a construct it rejects).
 */
import { registry } from "../../../stdlib/registry.js";
import type { NetworkDef } from "../../../stdlib/types.js";
import type { ModelIR, NetworkIR, ResolvedArgs } from "../../ir/types.js";
import { networkOrder } from "../../plan/forward.js";
import type { TrainingPlan } from "../../plan/types.js";
import { resolvedSpecLines } from "../resolved-spec.js";
import { planPyObjective, termCall } from "./emit-terms.js";
import { pyIdent, pyLiteral, pyWrap } from "./py-literals.js";
import { runtimeFiles } from "./runtime-files.js";
import { networkShapes, tunableArgs } from "../hyperparameters.js";

export interface PytorchEmitOptions {
  readonly discVersion: string;
}

const val = (args: ResolvedArgs): Record<string, unknown> =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.value]));

/** `hp["latents"]["z"]`: the size of latent `name`, as the program reads it. */
const latentSize = (name: string): string => `hp["latents"][${JSON.stringify(name)}]`;

/** The network entry of `n` with its PyTorch implementation. Throws for one without (support.ts refuses it first). */
function torchNet(n: NetworkIR): NonNullable<NetworkDef["pytorch"]> {
  const def = registry.lookup("network", n.arch) as NetworkDef | undefined;
  if (def?.pytorch === undefined) throw new Error(`the network '${n.arch}' has no PyTorch emitter`);
  return def.pytorch;
}

/** The arguments of `n` its constructor reads, which `hyperparameters["networks"]` holds. */
function networkKwargs(n: NetworkIR): Record<string, unknown> {
  const a = val(n.args);
  return Object.fromEntries(
    torchNet(n)
      .args.filter((k) => a[k] !== undefined)
      .map((k) => [k, a[k]]),
  );
}

/**
 * The constructor of `n`, printed by its entry (`NetworkDef.pytorch`): its shapes (latent widths
 * from `hp["latents"]`, as the TypeScript target's networkShapes) and its arguments from
 * `hp["networks"]`.
 */
function networkCtor(ir: ModelIR, n: NetworkIR): string {
  const shapes = networkShapes(ir, n, latentSize);
  return torchNet(n).construct(
    shapes.input,
    shapes.output,
    `**hp["networks"][${JSON.stringify(n.name)}]`,
  );
}

/** The arguments of a call's text `inner` (between its parentheses), split at top-level commas. */
function topLevelArgs(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quote !== null) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      out.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(inner.slice(start).trim());
  return out;
}

/**
 * `prefix call,` at `indent` as black writes it: on one line when it fits in 120 columns, else
 * the call's arguments on the next line, or one per line (with the magic trailing comma) when
 * that line does not fit either.
 */
function pyCallEntry(prefix: string, call: string, indent: number): string[] {
  const pad = " ".repeat(indent);
  const flat = `${pad}${prefix}${call},`;
  const open = call.indexOf("(");
  if (flat.length <= 120 || open < 0 || !call.endsWith(")")) return [flat];
  const head = `${pad}${prefix}${call.slice(0, open + 1)}`;
  const inner = call.slice(open + 1, -1);
  const body = `${pad}    ${inner}`;
  if (body.length <= 120) return [head, body, `${pad}),`];
  return [head, ...topLevelArgs(inner).map((a) => `${pad}    ${a},`), `${pad}),`];
}

/**
 * `"key": value,` as black writes it at `indent`: on one line when it fits in 120 columns, else
 * the dict or list exploded one entry per line (with the magic trailing comma), recursively.
 */
function pyEntry(key: string, value: unknown, indent: number): string[] {
  const pad = " ".repeat(indent);
  const prefix = key === "" ? "" : `${JSON.stringify(key)}: `;
  const flat = `${pad}${prefix}${pyLiteral(value)},`;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v) => ["", v])
    : value !== null && typeof value === "object"
      ? Object.entries(value as Record<string, unknown>)
      : [];
  if (flat.length <= 120 || entries.length === 0) return [flat];
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return [
    `${pad}${prefix}${open}`,
    ...entries.flatMap(([k, v]) => pyEntry(k, v, indent + 4)),
    `${pad}${close},`,
  ];
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
    const opt = `hp["terms"][${JSON.stringify(t.id)}]["optimizer"]`;
    // exploded with a trailing comma, as black writes it
    const argsList = [
      JSON.stringify(latent),
      latentSize(latent),
      opt,
      "device",
      "world",
      'hp["seed"]',
    ];
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

const indent = (lines: readonly string[], n: number): string =>
  lines.map((l) => " ".repeat(n) + l).join("\n");

/** The program's source and the runtime files, keyed by output path. */
export function emitPytorch(
  ir: ModelIR,
  plan: TrainingPlan,
  opts: PytorchEmitOptions,
): Record<string, string> {
  const name = pyIdent(ir.name);
  const specFile = `${name}.spec.json`;
  const opt = ir.train.optimizers.find((o) => o.target === "main") ?? ir.train.optimizers[0];
  if (!opt) throw new Error("the model has no optimizer");
  const objective = planPyObjective(plan.objective);
  const latents = ir.variables.filter((v) => v.hasPosterior);
  const termArgs = ir.terms
    .map((t) => [t.id, Object.fromEntries(tunableArgs(ir, t))] as const)
    .filter(([, args]) => Object.keys(args).length > 0);
  const hp = [
    `"data": ${pyLiteral(val(ir.data.args))},`,
    ...pyEntry("latents", Object.fromEntries(latents.map((v) => [v.name, v.size])), 0),
    ...pyEntry(
      "networks",
      Object.fromEntries(ir.networks.map((n) => [n.name, networkKwargs(n)])),
      0,
    ),
    ...(termArgs.length > 0 ? pyEntry("terms", Object.fromEntries(termArgs), 0) : []),
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
from pathlib import Path

import torch
from torch import nn

import disc_torch as dt
from disc_torch import penalties as P

name = ${JSON.stringify(ir.name)}
dataset_name = ${JSON.stringify(ir.data.dataset)}

#: Every value the run reads: the data set's arguments, each latent's size (those with a posterior),
#: each network's and term's arguments, the weights, the optimizer and the training settings; edit
#: them here, not in the functions. "batch_size" is per process (a step sees batch_size × processes).
hyperparameters = {
${indent(hp, 4)}
}


class Networks(nn.Module):
    """The model's networks by declared name. forward(x [B, C, H, W], eps {latent: [B, D]})
    returns {latent: (mu, logvar, sample) each [B, D], observed: decoder params [B, C, H, W]}."""

    def __init__(self, hp=hyperparameters):
        super().__init__()
${indent(
  ir.networks.flatMap((n) => [
    `# ${n.role} ${n.name}: ${n.arch} (${n.from})`,
    `self.${pyIdent(n.name)} = ${networkCtor(ir, n)}`,
  ]),
  8,
)}

    def forward(self, x, eps):
${indent(forwardLines(ir, plan), 8)}


def build_networks(hp=hyperparameters):
    """Every network from hp["networks"] and hp["latents"], initialised from hp["seed"] (Glorot uniform)."""
    torch.manual_seed(hp["seed"])
    return Networks(hp)


def build_term_states(hp, device, world):
    """Terms that train their own networks (FactorVAE's discriminator), by term id."""
    return {${states.length ? "\n" + indent(states, 8) + "\n    " : ""}}


def sample_eps(batch, generator, device, hp=hyperparameters):
    """ε ~ N(0, I) [batch, D] for every latent, drawn from \`generator\` (CPU) then moved to \`device\`."""
    return {k: torch.randn(batch, d, generator=generator).to(device) for k, d in hp["latents"].items()}


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
${ir.terms
  .flatMap((t) => [
    `        # ${t.entry} (${t.from})`,
    ...pyCallEntry(`${JSON.stringify(t.id)}: `, termCall(t, ir), 8),
  ])
  .join("\n")}
    }
    total = ${objective.code}
    return terms, total, out


def resolved_spec():
    """The compiler's IR of the spec (every default filled in), from the file beside this one.
    Each run's config.json records it; an edit of hyperparameters is recorded there, not in the spec."""
    return json.loads(Path(__file__).with_name(${JSON.stringify(specFile)}).read_text())


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
  return {
    [`${name}.py`]: program,
    [specFile]: `${JSON.stringify(ir, null, 2)}\n`,
    ...runtimeFiles(),
  };
}
