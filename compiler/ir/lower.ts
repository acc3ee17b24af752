/**
 * Lowering: a checked model → `ModelIR` (compiler/ir/types.ts). Every default is filled in and
 * every value keeps its provenance (`from`: "file.dis:12:5" or "default"). Runs only on models
 * the checker passed; an inconsistency here is an internal error (thrown, turned into DIS4001
 * by the driver).
 */
import { createHash } from "node:crypto";
import type { Program } from "../../grammar/ast.js";
import type { OptimizerDef, PenaltyDef } from "../../stdlib/types.js";
import type { CheckedModel, CheckedOptimizer, RegistryLike } from "../check/types.js";
import { DEFAULT_OPTIMIZER } from "../check/check-train.js";
import { moduleOf } from "../extend/module-of.js";
import { lowerObjective, termIds } from "./objective.js";
import type {
  EvaluateIR,
  ModelIR,
  OptimizerIR,
  ParamIR,
  Resolved,
  ResolvedArgs,
  TrainIR,
} from "./types.js";

/** sha256 of the source text, hex. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function num(r: Resolved | undefined, what: string): Resolved<number> {
  if (r === undefined || typeof r.value !== "number")
    throw new Error(`${what} is not a resolved number`);
  return { value: r.value, from: r.from };
}

/** The default optimizer's IR: adam(lr: 1e-4) with adam's other defaults. */
function defaultOptimizer(registry: RegistryLike, target: string): OptimizerIR {
  const def = registry.lookup("optimizer", DEFAULT_OPTIMIZER.name) as OptimizerDef | undefined;
  if (def === undefined) throw new Error("the registry has no `adam` optimizer");
  const args: Record<string, Resolved> = {};
  for (const p of def.signature.params)
    if (p.default !== undefined) args[p.name] = { value: p.default, from: "default" };
  args["lr"] = { value: DEFAULT_OPTIMIZER.lr, from: "default" };
  return { target, entry: def.name, args, from: "default" };
}

function optimizerIR(o: CheckedOptimizer, target: string): OptimizerIR {
  if (o.call === null) throw new Error("optimizer without a call");
  return { target, entry: o.call.entry.name, args: o.call.args, from: o.from };
}

/** A lowered optimizer and the `optimizer` entry it came from (null: the default). */
export interface LoweredOptimizer {
  readonly ir: OptimizerIR;
  readonly source: CheckedOptimizer | null;
}

/**
 * Optimizers: one "main" optimizer (explicit or adam(1e-4)); in a GAN one per generator and
 * discriminator (its own `optimizer NAME:`, else the unqualified one, else the default), plus any
 * other network given its own optimizer. Each with the entry it came from (compiler/ir/spans.ts).
 */
export function lowerOptimizers(m: CheckedModel, registry: RegistryLike): LoweredOptimizer[] {
  const main = m.train.optimizers.find((o) => o.target === "main");
  const own = m.train.optimizers.filter((o) => o.target !== "main");
  const lowered = (o: CheckedOptimizer | undefined, target: string): LoweredOptimizer =>
    o
      ? { ir: optimizerIR(o, target), source: o }
      : { ir: defaultOptimizer(registry, target), source: null };
  if (m.backbone !== "gan") return [lowered(main, "main")];
  const out: LoweredOptimizer[] = [];
  for (const net of m.networks.filter(
    (n) => n.role === "generator" || n.role === "discriminator",
  )) {
    out.push(lowered(own.find((x) => x.target === net.name) ?? main, net.name));
  }
  for (const o of own)
    if (!out.some((x) => x.ir.target === o.target)) out.push(lowered(o, o.target));
  return out;
}

function lowerTrain(m: CheckedModel, registry: RegistryLike): TrainIR {
  const s = m.train.settings;
  return {
    steps: num(s["steps"], "train.steps"),
    seed: num(s["seed"], "train.seed"),
    batchSize: num(m.data?.call.args["batch"], "data batch"),
    optimizers: lowerOptimizers(m, registry).map((o) => o.ir),
    clipNorm: num(s["clip"], "train.clip"),
    logEvery: num(s["log_every"], "train.log_every"),
    checkpointEvery: num(s["checkpoint_every"], "train.checkpoint_every"),
  };
}

function lowerEvaluate(m: CheckedModel, steps: Resolved<number>): EvaluateIR | null {
  const e = m.evaluate;
  if (e === null) return null;
  return {
    every: e.every ?? { value: steps.value, from: "default" },
    metrics: e.metrics.map((c) => ({ name: c.entry.name, args: c.args })),
    traversals: e.traversals as ResolvedArgs,
    from: e.from,
  };
}

/** Lowers one checked model (no errors) of `program`, whose source is `text`. */
export function lowerModel(
  program: Program,
  m: CheckedModel,
  text: string,
  registry: RegistryLike,
): ModelIR {
  if (m.data === null) throw new Error("lowering a model without data");
  if (m.lossExpr === null) throw new Error("lowering a model without a loss");
  const ids = termIds(m);
  const train = lowerTrain(m, registry);
  return {
    irVersion: 1,
    name: m.decl.name.name,
    source: { file: m.fileName, sha256: sha256(text) },
    backbone: m.backbone,
    uses: (program.uses ?? []).map((u) => u.path.value),
    ...lowerParams(m),
    data: {
      dataset: m.data.call.entry.name,
      args: m.data.call.args,
      imageShape: m.data.imageShape,
      factorNames: m.data.factorNames,
      from: m.data.from,
    },
    variables: m.variables.map((v) => ({
      name: v.name,
      role: v.role,
      distribution: v.dist.entry.name,
      args: v.dist.args,
      size: v.size,
      shape: v.shape,
      hasPosterior: v.hasPosterior,
      from: v.from,
    })),
    networks: m.networks.map((n) => ({
      name: n.name,
      role: n.role,
      arch: n.call.entry.name,
      args: n.call.args,
      inputs: n.inputs,
      outputs: n.outputs,
      inputShape: n.inputShape,
      outputShape: n.outputShape,
      likelihood: n.likelihood
        ? { name: n.likelihood.call.entry.name, args: n.likelihood.call.args }
        : null,
      from: n.from,
    })),
    scms: m.scms.map((s) => ({
      name: s.name,
      over: s.over,
      concepts: s.concepts,
      conceptSize: s.conceptSize,
      args: s.args,
      from: s.from,
    })),
    terms: m.terms.map((t, i) => ({
      id: ids[i]!,
      entry: t.call.entry.name,
      args: t.call.args,
      updates: [...routing(t.call.entry.updates, t.call.args)],
      from: t.from,
      ...withModule(moduleOf(registry, "penalty", t.call.entry.name)),
    })),
    objective: lowerObjective(m, m.lossExpr, ids),
    train,
    evaluate: lowerEvaluate(m, train.steps),
  };
}

/** `{ params }` when the model declares any, `{}` otherwise (so its IR is unchanged). */
function lowerParams(m: CheckedModel): { params?: ParamIR[] } {
  if (m.params.length === 0) return {};
  return {
    params: m.params.map((p) => ({
      name: p.name,
      value: p.value,
      ...(p.unit ? { unit: p.unit } : {}),
      from: p.overridden ? "--set" : `${m.fileName}:${p.span.start.line}:${p.span.start.column}`,
    })),
  };
}

/** `{ module }` for a user entry, `{}` for a built-in (so built-in IR is unchanged). */
function withModule(module: string | undefined): { module?: string } {
  return module === undefined ? {} : { module };
}

/** A term's gradient routing for its resolved args (registry entries may decide per estimator). */
function routing(updates: PenaltyDef["updates"], args: ResolvedArgs): readonly string[] {
  if (typeof updates !== "function") return updates;
  return updates(Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.value])));
}
