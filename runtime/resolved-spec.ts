/**
 * The resolved spec a generated trainer records in config.json: the compiler's IR, which
 * `disc compile` and `disc train` write beside the trainer as `<model>.spec.json`, with the
 * trainer's `hyperparameters` written into it, so that config.json says what ran even when a
 * value was edited in the trainer. A value that differs from the compiled one is marked
 * `from: "hyperparameters"`; with the hyperparameters as compiled the result is the IR exactly
 * (`disc train --resume` compares it with the spec compiled again, compiler/cli/resume-changes.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type {
  ArgValue,
  ModelIR,
  ObjExpr,
  Resolved,
  ResolvedArgs,
  VariableIR,
} from "../compiler/ir/types.js";
import { planObjective } from "../compiler/plan/objective.js";
import type { FoldExpr } from "../compiler/plan/types.js";
import { UserError } from "./errors.js";

/** The provenance of a value the trainer's hyperparameters changed. */
export const EDITED_FROM = "hyperparameters";

type Args = Readonly<Record<string, ArgValue>>;

/**
 * The hyperparameters of a generated trainer as this module reads them (each section is optional:
 * a GAN's trainer has `optimizers` by target instead of `optimizer`).
 */
export interface TrainerHyperparameters {
  /** The data set's arguments. */
  readonly data?: Args;
  /** Flattened size D of each declared variable (latent, code, noise). */
  readonly latents?: Readonly<Record<string, number>>;
  /** The arguments of each network, by name. */
  readonly networks?: Readonly<Record<string, Args>>;
  /** The arguments of each scm, by name. */
  readonly scms?: Readonly<Record<string, Args>>;
  /** The arguments of each loss term, by id (the names it reads stay in the program). */
  readonly terms?: Readonly<Record<string, Args>>;
  /** Objective weights by name (compiler/plan/objective.ts names them). */
  readonly weights?: Readonly<Record<string, number>>;
  /** The main optimizer's arguments. */
  readonly optimizer?: Args;
  /** Optimizer arguments by target ("main" or the network names a GAN's steps train). */
  readonly optimizers?: Readonly<Record<string, Args>>;
  readonly batchSize?: number;
  readonly steps?: number;
  readonly seed?: number;
  readonly clipNorm?: number;
  readonly logEvery?: number;
  readonly checkpointEvery?: number;
}

/** The input and output shape (without batch) of each network, as the trainer builds it. */
export type NetworkShapes = Readonly<
  Record<string, { readonly input: readonly number[]; readonly output: readonly number[] }>
>;

/**
 * Reads `file` (the `<model>.spec.json` written beside the trainer at `trainerUrl`) and writes
 * `hp` and `shapes` into it (see `withHyperparameters`).
 * @throws UserError when the file is missing or is not a resolved spec
 */
export function loadResolvedSpec(
  trainerUrl: string,
  file: string,
  hp: TrainerHyperparameters,
  shapes: NetworkShapes = {},
): ModelIR {
  const path = fileURLToPath(new URL(file, trainerUrl));
  if (!existsSync(path))
    throw new UserError(
      `${path} is missing: a generated trainer reads its resolved spec from the ${file} that \`disc compile\` and \`disc train\` write beside it; compile the spec again`,
    );
  let spec: unknown;
  try {
    spec = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UserError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const ir = spec as Partial<ModelIR> | null;
  if (ir === null || typeof ir !== "object" || ir.irVersion !== 1 || !Array.isArray(ir.terms))
    throw new UserError(`${path} is not a resolved spec of this version of disc (irVersion 1)`);
  return withHyperparameters(spec as ModelIR, hp, shapes);
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** `old` when it holds `value`, else `value` marked as edited. */
function resolved<T extends ArgValue>(old: Resolved<T>, value: T | undefined): Resolved<T> {
  return value === undefined || same(old.value, value) ? old : { value, from: EDITED_FROM };
}

/** `args` with `values` written in (keys kept in order; a new key goes last). */
function withArgs(args: ResolvedArgs, values: Args | undefined): ResolvedArgs {
  if (values === undefined) return args;
  let out: Record<string, Resolved> | undefined;
  for (const [k, v] of Object.entries(values)) {
    const old = args[k];
    if (old !== undefined && same(old.value, v)) continue;
    out ??= { ...args };
    out[k] = { value: v, from: EDITED_FROM };
  }
  return out ?? args;
}

/** The argument of each prior that sets the variable's size. */
const SIZE_ARG: Readonly<Record<string, string>> = {
  normal: "shape",
  categorical: "k",
  uniform: "size",
};

/** `v` resized to `size` (its shape keeps its leading dimensions, so 4 x 4 → 4 x size/4). */
function resized(v: VariableIR, size: number | undefined): VariableIR {
  if (size === undefined || size === v.size) return v;
  const lead = v.shape.slice(0, -1);
  const shape = [...lead, size / lead.reduce((a, b) => a * b, 1)];
  const key = SIZE_ARG[v.distribution];
  const old = key === undefined ? undefined : v.args[key];
  const value = old !== undefined && Array.isArray(old.value) ? shape : size;
  const args =
    key === undefined || old === undefined
      ? v.args
      : { ...v.args, [key]: { value, from: EDITED_FROM } };
  return { ...v, args, size, shape };
}

/** `e` with the value of each named weight (the names of `annotated`, the same tree) from `weights`. */
function reweighed(e: ObjExpr, annotated: FoldExpr, weights: Readonly<Record<string, number>>) {
  const walk = (x: ObjExpr, a: FoldExpr): ObjExpr => {
    switch (x.op) {
      case "const": {
        const value = a.op === "const" && a.weight !== undefined ? weights[a.weight] : undefined;
        return value === undefined || value === x.value
          ? x
          : { op: "const", value, from: EDITED_FROM };
      }
      case "term":
      case "schedule":
        return x;
      case "neg":
      case "abs":
        return { ...x, arg: walk(x.arg, (a as Extract<FoldExpr, { arg: FoldExpr }>).arg) };
      default: {
        const b = a as Extract<FoldExpr, { left: FoldExpr }>;
        return { ...x, left: walk(x.left, b.left), right: walk(x.right, b.right) };
      }
    }
  };
  return walk(e, annotated);
}

/**
 * `spec` with the values of `hp` written in: the data set's, networks', scms' and terms'
 * arguments, each variable's size (and the shape and prior argument that follow from it, and an
 * scm's concept size), the objective's named weights, the optimizers' arguments and the training
 * settings; and each network's shapes from `shapes`. Values equal to the compiled ones are left
 * as they are (with their provenance); a changed value has `from: "hyperparameters"`. Pure.
 */
export function withHyperparameters(
  spec: ModelIR,
  hp: TrainerHyperparameters,
  shapes: NetworkShapes = {},
): ModelIR {
  const variables = spec.variables.map((v) => resized(v, hp.latents?.[v.name]));
  const sizes = new Map(variables.map((v) => [v.name, v.size]));
  const weights = hp.weights;
  const t = spec.train;
  return {
    ...spec,
    data: { ...spec.data, args: withArgs(spec.data.args, hp.data) },
    variables,
    networks: spec.networks.map((n) => {
      const shape = shapes[n.name];
      const inputShape = shape && !same(shape.input, n.inputShape) ? shape.input : n.inputShape;
      const outputShape =
        shape && !same(shape.output, n.outputShape) ? shape.output : n.outputShape;
      const args = withArgs(n.args, hp.networks?.[n.name]);
      return args === n.args && inputShape === n.inputShape && outputShape === n.outputShape
        ? n
        : { ...n, args, inputShape, outputShape };
    }),
    scms: spec.scms.map((s) => {
      const args = withArgs(s.args, hp.scms?.[s.name]);
      const size = sizes.get(s.over);
      const conceptSize = size === undefined ? s.conceptSize : size / s.concepts.length;
      return args === s.args && conceptSize === s.conceptSize ? s : { ...s, args, conceptSize };
    }),
    terms: spec.terms.map((term) => {
      const args = withArgs(term.args, hp.terms?.[term.id]);
      return args === term.args ? term : { ...term, args };
    }),
    objective:
      weights === undefined
        ? spec.objective
        : reweighed(spec.objective, planObjective(spec.objective).expr, weights),
    train: {
      ...t,
      steps: resolved(t.steps, hp.steps),
      seed: resolved(t.seed, hp.seed),
      batchSize: resolved(t.batchSize, hp.batchSize),
      optimizers: t.optimizers.map((o) => {
        const values =
          o.target === "main"
            ? (hp.optimizer ?? hp.optimizers?.["main"])
            : hp.optimizers?.[o.target];
        const args = withArgs(o.args, values);
        return args === o.args ? o : { ...o, args };
      }),
      clipNorm: resolved(t.clipNorm, hp.clipNorm),
      logEvery: resolved(t.logEvery, hp.logEvery),
      checkpointEvery: resolved(t.checkpointEvery, hp.checkpointEvery),
    },
  };
}
