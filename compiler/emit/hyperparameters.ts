/**
 * The generated trainer's one `hyperparameters` constant and the code that reads it: every value
 * the program can take from there is read from there (`hp.networks.encoder`, `hp.latents.z`,
 * `hp.terms.total_correlation_z`, `hp.weights.kl_z`, …), so that a value edited in the trainer is
 * the value used everywhere, and config.json records it (runtime/resolved-spec.ts writes it into
 * the resolved spec). What stays in the program: the names a term reads (`latent: "z"`) and the
 * arguments the program's shape was compiled from (`STRUCTURAL`).
 */
import type { ArgValue, ModelIR, NetworkIR, TermIR, VariableIR } from "../ir/types.js";
import { registry } from "../../stdlib/registry.js";
import type { PenaltyDef } from "../../stdlib/types.js";
import type { Values } from "../plan/types.js";
import { tsLiteral } from "./literals.js";

/**
 * Term arguments the program's code depends on, not only the term's value: a GAN's info routing
 * and std (the phases, the Q head's width), label_align's form (which label reconstructions the
 * forward pass computes), dag's update (dual ascent), the diffusion schedule and T (the noising
 * code and ᾱ). They stay in the term's call; changing them means compiling the spec again.
 */
const STRUCTURAL: Readonly<Record<string, readonly string[]>> = {
  info: ["routing", "std"],
  label_align: ["form"],
  dag: ["update"],
  denoise: ["schedule", "timesteps"],
};

/** The argument of each prior that sets the variable's size (runtime/resolved-spec.ts: SIZE_ARG). */
const SIZE_ARG: Readonly<Record<string, string>> = {
  normal: "shape",
  categorical: "k",
  uniform: "size",
};

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `.name`, or `["name"]` when `name` is not an identifier. */
export function prop(name: string): string {
  return IDENT.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/** A property name in an object literal. */
function key(name: string): string {
  return IDENT.test(name) ? name : JSON.stringify(name);
}

/** `hp.latents.z`: the size D of variable `name`. */
export function latentSize(name: string, hp = "hp"): string {
  return `${hp}.latents${prop(name)}`;
}

/** Whether argument `k` of term `t` names something the term reads (a variable, an scm, x or y). */
function isReference(ir: ModelIR, t: TermIR, k: string): boolean {
  if (t.module === undefined) {
    const def = registry.lookup("penalty", t.entry) as PenaltyDef | undefined;
    const param = def?.signature.params.find((p) => p.name === k);
    if (param) return param.type.kind === "ref";
  }
  const v = t.args[k]?.value;
  return (
    typeof v === "string" &&
    (v === "x" ||
      v === "y" ||
      ir.variables.some((x) => x.name === v) ||
      ir.scms.some((s) => s.name === v))
  );
}

/** The arguments of `t` that live in `hyperparameters.terms` (not references, not structural). */
export function tunableArgs(ir: ModelIR, t: TermIR): [string, ArgValue][] {
  const fixed = STRUCTURAL[t.entry] ?? [];
  return Object.entries(t.args)
    .filter(([k]) => !isReference(ir, t, k) && !fixed.includes(k))
    .map(([k, v]) => [k, v.value]);
}

/**
 * The arguments of a term's `compute` (and `createTermState`): its references and structural
 * arguments written out, the rest from `hp.terms`: `{ latent: "z", ...hp.terms.kl_z }`.
 */
export function termArgs(ir: ModelIR, t: TermIR, hp = "hp"): string {
  const tunable = new Set(tunableArgs(ir, t).map(([k]) => k));
  const fixed = Object.entries(t.args)
    .filter(([k]) => !tunable.has(k))
    .map(([k, v]) => `${key(k)}: ${tsLiteral(v.value)}`);
  const from = `${hp}.terms${prop(t.id)}`;
  if (tunable.size === 0) return record(fixed);
  if (fixed.length === 0) return from;
  return `{ ${fixed.join(", ")}, ...${from} }`;
}

/** A term argument as the program reads it: `hp.terms.gan.loss` when it is tunable, else its literal. */
export function termArg(ir: ModelIR, t: TermIR, name: string, hp = "hp"): string {
  const value = t.args[name]?.value;
  if (value === undefined) throw new Error(`term ${t.id} has no argument ${name}`);
  return tunableArgs(ir, t).some(([k]) => k === name)
    ? `${hp}.terms${prop(t.id)}${prop(name)}`
    : tsLiteral(value);
}

/** The arguments of a network's `build`: `hp.networks.encoder`, or `{}` when it has none. */
export function networkArgs(n: NetworkIR, hp = "hp"): string {
  return Object.keys(n.args).length > 0 ? `${hp}.networks${prop(n.name)}` : "{}";
}

/** The arguments of a prior with its size argument read from `hp.latents`: `{ low: -1, high: 1, size: hp.latents.n }`. */
export function priorArgs(v: VariableIR, hp = "hp"): string {
  const sizeArg = SIZE_ARG[v.distribution];
  const entries = Object.entries(v.args).map(([k, r]) =>
    k === sizeArg && r.value === v.size
      ? `${key(k)}: ${latentSize(v.name, hp)}`
      : `${key(k)}: ${tsLiteral(r.value)}`,
  );
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
}

/** How a target writes the size of variable `name` (`hp.latents.z`; Python: `hp["latents"]["z"]`). */
export type SizeOf = (name: string) => string;

/** Σ of the sizes of `vars`, each times its factor: `hp.latents.c + 2 * hp.latents.s`, or "0". */
export function sizeSum(
  vars: readonly (readonly [VariableIR, number])[],
  size: SizeOf = (name) => latentSize(name),
): string {
  const parts = vars.map(([v, f]) => `${f === 1 ? "" : `${f} * `}${size(v.name)}`);
  return parts.length === 0 ? "0" : parts.join(" + ");
}

/**
 * A network's input and output shapes as TypeScript: a vector of latents is the sum of their
 * sizes from `hp.latents` (times 2 for a Gaussian encoder's mu ‖ logvar, or a Q head's learned
 * std), so that a latent's size is edited in one place; images and trunks are literals. Each
 * expression is checked against the IR's shape and falls back to the literal. The lists and
 * sums are also Python, with a Python `size`.
 */
export function networkShapes(
  ir: ModelIR,
  n: NetworkIR,
  size: SizeOf = (name) => latentSize(name),
): { input: string; output: string; conditionSize?: string } {
  const vars = new Map(ir.variables.map((v) => [v.name, v]));
  const vector = (
    names: readonly string[],
    factor: (v: VariableIR) => number,
    shape: readonly number[],
  ) => {
    const vs = names.map((name) => vars.get(name));
    if (shape.length !== 1 || vs.length === 0 || vs.some((v) => v === undefined)) return undefined;
    const weighted = (vs as VariableIR[]).map((v) => [v, factor(v)] as const);
    const total = weighted.reduce((s, [v, f]) => s + f * v.size, 0);
    return total === shape[0] ? `[${sizeSum(weighted, size)}]` : undefined;
  };
  const learned = new Set(
    ir.terms
      .filter((t) => t.entry === "info" && t.args["std"]?.value === "learned")
      .map((t) => String(t.args["code"]?.value)),
  );
  const outFactor = (v: VariableIR): number =>
    (n.role === "encoder" && v.hasPosterior) ||
    (n.role === "head" && learned.has(v.name) && v.distribution !== "categorical")
      ? 2
      : 1;
  const input =
    n.role === "head" || n.inputs.includes("x") || n.inputs.includes("y")
      ? undefined
      : vector(n.inputs, () => 1, n.inputShape);
  const output = n.outputs.includes("x") ? undefined : vector(n.outputs, outFactor, n.outputShape);
  const cond = n.inputs.filter((i) => vars.has(i));
  return {
    input: input ?? tsLiteral(n.inputShape),
    output: output ?? tsLiteral(n.outputShape),
    ...(n.role === "denoiser" && cond.length > 0
      ? {
          conditionSize: sizeSum(
            cond.map((c) => [vars.get(c)!, 1] as const),
            size,
          ),
        }
      : {}),
  };
}

/** Named objective weights (compiler/plan/objective.ts), in order of appearance. */
export type Weights = ReadonlyMap<string, number>;

/** What a back end adds to `hyperparameters` beyond the common sections. */
export interface HyperparameterExtras {
  /** A GAN: each phase's optimizer arguments (the plan's), by the network it trains, instead of the main optimizer's. */
  readonly optimizers?: ReadonlyMap<string, Values>;
}

const plain = (args: ModelIR["data"]["args"]): string => {
  const entries = Object.entries(args).map(([k, v]) => `${key(k)}: ${tsLiteral(v.value)}`);
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
};

/** `{ a: …, b: … }` from entries, `{}` when empty. */
const record = (entries: readonly string[]): string =>
  entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;

/** Plain values (the plan's, without provenance) as an object literal. */
const literal = (args: Values): string =>
  record(Object.entries(args).map(([k, v]) => `${key(k)}: ${tsLiteral(v)}`));

/**
 * The initializer of `export const hyperparameters = {…}`, each section with its doc comment:
 * the data set's arguments, the variables' sizes, the networks', scms' and terms' arguments,
 * the objective's weights, the optimizer(s) and the training settings.
 */
export function hyperparametersLiteral(
  ir: ModelIR,
  weights: Weights,
  extras: HyperparameterExtras = {},
): string {
  const main = ir.train.optimizers.find((o) => o.target === "main");
  const nets = ir.networks.filter((n) => Object.keys(n.args).length > 0);
  const scmArgs = ir.scms.map((s) => {
    const args = Object.entries(s.args).filter(([k]) => k !== "concepts");
    return [s.name, args.map(([k, v]) => `${key(k)}: ${tsLiteral(v.value)}`)] as const;
  });
  const terms = ir.terms
    .map((t) => [t.id, tunableArgs(ir, t)] as const)
    .filter(([, args]) => args.length > 0);
  const fields: string[] = [
    `/** Arguments of the \`${ir.data.dataset}\` data set. */\ndata: ${plain(ir.data.args)}`,
    `/** Flattened size D of each ${ir.backbone === "gan" ? "noise and code" : "latent"}. */\nlatents: ${record(ir.variables.map((v) => `${key(v.name)}: ${v.size}`))}`,
  ];
  if (nets.length > 0)
    fields.push(
      `/** Arguments of each network. */\nnetworks: ${record(nets.map((n) => `${key(n.name)}: ${plain(n.args)}`))}`,
    );
  if (scmArgs.some(([, a]) => a.length > 0))
    fields.push(
      `/** Arguments of each scm (its concepts are the program's). */\nscms: ${record(scmArgs.filter(([, a]) => a.length > 0).map(([name, a]) => `${key(name)}: ${record(a)}`))}`,
    );
  if (terms.length > 0)
    fields.push(
      "/** Arguments of each loss term (what it reads, and what shapes the program, are in its call). */\n" +
        `terms: ${record(terms.map(([id, args]) => `${key(id)}: ${record(args.map(([k, v]) => `${key(k)}: ${tsLiteral(v)}`))}`))}`,
    );
  if (weights.size > 0)
    fields.push(
      `/** Objective weights of single terms (unitless multipliers). */\nweights: ${record([...weights].map(([k, v]) => `${key(k)}: ${tsLiteral(v)}`))}`,
    );
  if (extras.optimizers)
    fields.push(
      `/** Arguments of each optimizer, by the networks it trains (\`main\`: all of them). */\noptimizers: ${record([...extras.optimizers].map(([target, args]) => `${key(target)}: ${literal(args)}`))}`,
    );
  else
    fields.push(
      `/** Arguments of the main optimizer (${main?.entry ?? "adam"}). */\noptimizer: ${plain(main?.args ?? {})}`,
    );
  fields.push(
    `/** Examples per optimizer step. */\nbatchSize: ${ir.train.batchSize.value}`,
    `/** Optimizer steps to train for. */\nsteps: ${ir.train.steps.value}`,
    `/** Seed of every random choice (init, data order, noise). */\nseed: ${ir.train.seed.value}`,
    `/** Global-norm gradient clip; 0 = off. */\nclipNorm: ${ir.train.clipNorm.value}`,
    `/** Steps between metrics.jsonl lines. */\nlogEvery: ${ir.train.logEvery.value}`,
    `/** Steps between checkpoints. */\ncheckpointEvery: ${ir.train.checkpointEvery.value}`,
  );
  return `{\n${fields.join(",\n")},\n}`;
}
