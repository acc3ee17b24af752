/**
 * The IR: a JSON-serialisable, fully resolved model. Produced by `compiler/ir/lower.ts` from a
 * checked AST; read by the emitters only. Every default is filled in, and every value remembers
 * where it came from (`from`: "file.dis:12:5", "default" when the registry supplied it, or
 * "param beta (file.dis:3:3)" / "param beta = 8 (--set)" when it was read from a param).
 */
import type { ArgValue, Backbone } from "../../stdlib/types.js";

export type { ArgValue, Backbone };

/** A value with its provenance. `from` is "file:line:col", "default" or "param NAME (…)". */
export interface Resolved<T extends ArgValue = ArgValue> {
  readonly value: T;
  readonly from: string;
}

export type ResolvedArgs = Readonly<Record<string, Resolved>>;

export interface ModelIR {
  readonly irVersion: 1;
  readonly name: string;
  readonly source: { readonly file: string; readonly sha256: string };
  readonly backbone: Backbone;
  /** Paths of user modules named by `use "…"`, as written, in order. */
  readonly uses: readonly string[];
  /**
   * The model's `param`s with the values this program was compiled with, in source order;
   * absent when the model declares none (so the IR of a spec without params is unchanged).
   */
  readonly params?: readonly ParamIR[];
  readonly data: DataIR;
  readonly variables: readonly VariableIR[];
  readonly networks: readonly NetworkIR[];
  readonly scms: readonly ScmIR[];
  /** Every stdlib term called in the objective, in source order. */
  readonly terms: readonly TermIR[];
  /** The objective to minimise, over `terms` (by id), constants and schedules. */
  readonly objective: ObjExpr;
  readonly train: TrainIR;
  readonly evaluate: EvaluateIR | null;
}

/** A `param NAME = VALUE` of the spec and the value used. */
export interface ParamIR {
  readonly name: string;
  /** A number (in `unit`, when it has one) or a name such as `mss`. */
  readonly value: number | string;
  readonly unit?: "steps" | "nats" | "epochs";
  /** "file:line:col" of the declaration (the default was used), or "--set" (a value was given). */
  readonly from: string;
}

export interface DataIR {
  readonly dataset: string;
  /** Resolved dataset args; always includes `batch` and whatever the dataset declares (size, path, …). */
  readonly args: ResolvedArgs;
  /** [H, W, C] of one observation. */
  readonly imageShape: readonly [number, number, number];
  readonly factorNames: readonly string[];
  readonly from: string;
}

export interface VariableIR {
  readonly name: string;
  readonly role: "latent" | "code" | "noise";
  /** Registry name of the prior: normal, categorical, uniform, … */
  readonly distribution: string;
  readonly args: ResolvedArgs;
  /** Flattened size D. */
  readonly size: number;
  /** Declared shape, e.g. [10] or [4, 4] for `normal(4 x 4)`. */
  readonly shape: readonly number[];
  /** True when an encoder produces q(v|x) = N(mu, exp(logvar)). */
  readonly hasPosterior: boolean;
  readonly from: string;
}

export interface NetworkIR {
  /** Declared name (defaults to the role, e.g. "encoder"). */
  readonly name: string;
  /** encoder | decoder | generator | discriminator | head | denoiser | network */
  readonly role: string;
  /** Registry name of the architecture: mlp, conv64, … */
  readonly arch: string;
  readonly args: ResolvedArgs;
  /** Names wired in / out, e.g. ["x"] -> ["z"]. A head's input is a network name. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Shape without batch of the network's input and raw output. */
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  /** For `z -> x ~ bernoulli`: the likelihood of the output variable. */
  readonly likelihood: { readonly name: string; readonly args: ResolvedArgs } | null;
  readonly from: string;
}

export interface ScmIR {
  readonly name: string;
  /** The latent the SCM acts on. */
  readonly over: string;
  readonly concepts: readonly string[];
  /** Size of each concept block (latent size / number of concepts). */
  readonly conceptSize: number;
  readonly args: ResolvedArgs;
  readonly from: string;
}

export interface TermIR {
  /** Unique, identifier-safe id, e.g. "recon_x", "total_correlation_z". */
  readonly id: string;
  /** Registry name of the penalty. */
  readonly entry: string;
  readonly args: ResolvedArgs;
  /** Gradient routing, copied from the registry ("main", "own"). */
  readonly updates: readonly string[];
  readonly from: string;
  /** The `use` module the penalty comes from, as written in the spec; absent for built-ins. */
  readonly module?: string;
}

export type ObjExpr =
  | { readonly op: "term"; readonly id: string }
  /** A number; `from` says which param it was read from (absent for a number written there). */
  | { readonly op: "const"; readonly value: number; readonly from?: string }
  | {
      readonly op: "add" | "sub" | "mul" | "div" | "pow";
      readonly left: ObjExpr;
      readonly right: ObjExpr;
    }
  | { readonly op: "neg" | "abs"; readonly arg: ObjExpr }
  /** A schedule of the step, e.g. anneal(0 -> 25, over: 100k). */
  | { readonly op: "schedule"; readonly entry: string; readonly args: ResolvedArgs };

export interface OptimizerIR {
  /** "main" for the model's optimizer, else the network name(s) it updates (GAN: "generator"). */
  readonly target: string;
  /** Registry name: adam, adamw, rmsprop, sgd. */
  readonly entry: string;
  readonly args: ResolvedArgs;
  readonly from: string;
}

export interface TrainIR {
  readonly steps: Resolved<number>;
  readonly seed: Resolved<number>;
  readonly batchSize: Resolved<number>;
  readonly optimizers: readonly OptimizerIR[];
  /** Global-norm gradient clip; 0 = off. */
  readonly clipNorm: Resolved<number>;
  readonly logEvery: Resolved<number>;
  readonly checkpointEvery: Resolved<number>;
}

export interface EvaluateIR {
  readonly every: Resolved<number>;
  readonly metrics: readonly { readonly name: string; readonly args: ResolvedArgs }[];
  readonly traversals: ResolvedArgs;
  readonly from: string;
}
