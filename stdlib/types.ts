/**
 * The public types of disc's standard library.
 *
 * Every stdlib entry (penalty, network, likelihood, data set, metric, optimizer,
 * schedule, distribution) is one file exporting one `*Def` value that holds both halves:
 * the `signature` the checker reads and, where it has one, the implementation the runtime
 * calls. User extensions (`use "./my-term.ts"`) are written against exactly these types.
 */
import type * as tf from "@tensorflow/tfjs";
import type { Backbone, Capability } from "./backbones/types.js";
import type { SharedQuantities } from "./math/shared.js";
import type { RunContext } from "../runtime/metrics/run-context.js";
import type { MetricResult } from "../runtime/metrics/types.js";

/** Units the checker knows about. A parameter with a unit accepts a bare number or that unit. */
export type Unit = "nats" | "steps" | "epochs";

/** A declared name a parameter may refer to. */
export type RefKind =
  | "latent" // `latent z ~ normal(10)`
  | "code" // GAN `code c ~ categorical(10)`
  | "noise" // GAN `noise n ~ uniform(-1, 1, size: 62)`
  | "observed" // a data variable: `x` (images) or `y` (labels / factors)
  | "scm" // `scm A over z (...)`
  | "network"; // a declared network (encoder, decoder, generator, …)

/** The type of one parameter, as the checker sees it. */
export type ParamType =
  | {
      kind: "number";
      unit?: Unit;
      integer?: boolean;
      min?: number;
      max?: number;
      /** When true a schedule (`anneal(0 -> 25, over: 100k)`) is accepted in place of a number. */
      schedulable?: boolean;
    }
  | { kind: "bool" }
  | { kind: "string" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "list"; of: ParamType }
  /** `4 x 4` or a plain integer. */
  | { kind: "shape" }
  /** A reference to a declared name; `of` lists the acceptable kinds. */
  | { kind: "ref"; of: readonly RefKind[] }
  /** A call of another registry entry of this kind, e.g. `optimizer: adam(lr: 1e-4)`. */
  | { kind: "entry"; of: EntryKind }
  /** `(name: value, ...)`. */
  | { kind: "record" };

/** A fully resolved argument value, as stored in the IR and handed to implementations. */
export type ArgValue =
  number | boolean | string | readonly ArgValue[] | { readonly [key: string]: ArgValue };

/** One parameter of an entry. A parameter without `default` is required. */
export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly default?: ArgValue;
  /** May be passed without its name, in declaration order. */
  readonly positional?: boolean;
  /** One sentence: meaning, shape or units. */
  readonly doc: string;
  /**
   * The parameter is read only when another parameter of the same call has one of these
   * values (e.g. `optimizer` only when `estimator` is `discriminator`). Otherwise the checker
   * leaves it out of the resolved call (the resolved spec, the IR and the trainer do not
   * show it) and warns (DIS3040) where the spec gives it.
   */
  readonly appliesWhen?: { readonly param: string; readonly values: readonly string[] };
}

export type { Backbone, Capability } from "./backbones/types.js";

export type EntryKind =
  | "penalty"
  | "network"
  | "likelihood"
  | "dataset"
  | "metric"
  | "optimizer"
  | "schedule"
  | "distribution";

/** What the checker tells an entry's own semantic check about the model. */
export interface CheckContext {
  readonly backbone: Backbone;
  /** The call's resolved arguments (defaults filled in). */
  readonly args: Readonly<Record<string, ArgValue>>;
  /** Declared variables by name. */
  readonly variables: Readonly<Record<string, VariableInfo>>;
  readonly scms: readonly string[];
  readonly networks: readonly { name: string; role: string; arch: string }[];
  readonly batchSize: number;
}

export interface VariableInfo {
  readonly role: "latent" | "code" | "noise" | "observed";
  readonly distribution: string;
  /** Flattened size D of the variable. */
  readonly size: number;
  /** True when an encoder produces a Gaussian posterior q(v|x) (mu, logvar) for it. */
  readonly hasPosterior: boolean;
}

/** A problem an entry's own check reports; the checker attaches the span of `param` (or the call). */
export interface EntryIssue {
  /** A code from the diagnostic catalogue, e.g. "DIS3001". */
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly param?: string;
  readonly severity?: "error" | "warning";
}

/** The checker's half of an entry. */
export interface Signature {
  readonly params: readonly ParamSpec[];
  /** One paragraph: what it computes, shapes, units, reduction. */
  readonly doc: string;
  /** The paper and equation (and the reference code, where it matters). */
  readonly source: string;
  /**
   * What the entry reads from the model (a `posterior`, a `decoder`, an `scm`, …; see
   * stdlib/backbones/types.ts). It applies to the backbones that provide all of them (DIS3007
   * elsewhere); absent means every backbone.
   */
  readonly needs?: readonly Capability[];
  /** Extra semantic checks beyond types. */
  readonly check?: (ctx: CheckContext) => readonly EntryIssue[];
}

interface EntryBase<K extends EntryKind> {
  readonly kind: K;
  /** The name used in specs, snake_case. */
  readonly name: string;
  readonly signature: Signature;
}

// ---------------------------------------------------------------------------------------------
// Runtime halves

/** Posterior tensors of one latent variable. All [B, D]. */
export interface LatentTensors {
  /** Posterior mean, [B, D]. Absent for variables without an encoder (GAN codes). */
  readonly mu?: tf.Tensor2D;
  /** Posterior log-variance, [B, D], already clamped by the encoder head. */
  readonly logvar?: tf.Tensor2D;
  /** The reparameterised sample mu + exp(logvar / 2) * eps (or the prior draw), [B, D]. */
  readonly sample: tf.Tensor2D;
}

/**
 * Everything a scalar term may read for one batch. Built by the generated trainer.
 * Reduction convention: unless a term says otherwise, sum over pixels / latent dims, mean over batch.
 */
export interface TermContext {
  /** Observations, [B, H, W, C] in [0, 1]. */
  readonly x: tf.Tensor4D;
  /** Labels or ground-truth factors where the data set has them, [B, K]. */
  readonly y?: tf.Tensor2D;
  /** Latent tensors by variable name. */
  readonly latents: Readonly<Record<string, LatentTensors>>;
  /** Decoder / generator outputs by the name of the variable they model (e.g. `x` → logits). */
  readonly outputs: Readonly<Record<string, tf.Tensor>>;
  /** Likelihood of each modelled variable (e.g. `x` → bernoulli), with its resolved args. */
  readonly likelihoods: Readonly<
    Record<string, { def: LikelihoodDef; args: Record<string, ArgValue> }>
  >;
  /** Optimizer steps taken before this one (0 on the first step). */
  readonly step: number;
  readonly batchSize: number;
  /** N, the number of examples in the training set; always from the data, never a weight. */
  readonly datasetSize: number;
  /** Extra tensors a backbone provides (SCM adjacency, denoiser outputs, discriminator logits…). */
  readonly extra: Readonly<Record<string, tf.Tensor>>;
  /**
   * Values computed once per step and read by several terms (e.g. the [B, B, D] minibatch
   * log-densities of mutual_info, total_correlation and dimwise_kl); see math/shared.ts.
   * Optional: without it each term computes its own.
   */
  readonly shared?: SharedQuantities;
  /**
   * The declared prior of each variable by name (`c ~ categorical(10)` → { distribution:
   * "categorical", args: { k: 10 } }). Read by terms that need H(c) (info). Optional.
   */
  readonly priors?: Readonly<
    Record<
      string,
      { readonly distribution: string; readonly args: Readonly<Record<string, ArgValue>> }
    >
  >;
}

/**
 * State a term owns: its own networks and optimizer (FactorVAE's discriminator, …).
 * Created once by `createState`; the training loop calls `update` after each main step
 * with a context whose tensors are detached, and saves/restores `variables` in checkpoints.
 */
export interface TermState {
  /** Variables owned by the term (never updated by the main optimizer). */
  readonly variables: readonly tf.Variable[];
  /** One step of the term's own optimizer; returns scalars to log (e.g. `{ d_loss: 0.69 }`). */
  update(ctx: TermContext): Record<string, number>;
  /** The term's optimizer, so its slots can be checkpointed. */
  readonly optimizer?: tf.Optimizer;
  /**
   * Optional: any other JSON state that changes between steps (e.g. the term's own RNG state), saved in
   * checkpoints (state.json) so that a resumed run continues bit for bit; `restoreState` gets it back.
   */
  saveState?(): unknown;
  restoreState?(state: unknown): void;
  dispose(): void;
}

export interface ModelInfo {
  readonly batchSize: number;
  readonly datasetSize: number;
  /** Sizes of declared variables by name. */
  readonly variableSizes: Readonly<Record<string, number>>;
  /** Seed for the term's own initialisation and sampling. */
  readonly seed: number;
}

/** Facts about a penalty the checker reads (PenaltyDef.traits); every field is optional. */
export interface PenaltyTraits {
  /** A divergence or penalty ≥ 0 meant to be minimised: a negative weight is warned (DIS3050). */
  readonly minimised?: boolean;
  /** Reads the Gaussian posterior q(z|x) of the latent its first reference argument names (DIS3101). */
  readonly readsPosterior?: boolean;
  /**
   * On a latent, leaves q(z|x) free of the prior (total correlation, index-code mutual
   * information): a latent read only by such terms is warned (DIS3053).
   */
  readonly leavesPriorFree?: boolean;
  /** Network roles whose parameters the term trains without naming their outputs (gan, info, denoise). */
  readonly trainsRoles?: readonly string[];
}

/** What a penalty's `reads` may ask of the model. */
export interface ReadsModel {
  /** True when an scm acts on latent `v` (its mean is then the causal layer's). */
  hasScmOver(v: string): boolean;
}

/**
 * What a penalty's PyTorch implementation (`PenaltyDef.pytorch`) is given to print its call into
 * disc_torch.penalties (imported as `P`) in the emitted program's `loss_terms(x, out, step)`.
 */
export interface PyTermCall {
  /** The term's id, e.g. `kl_z`. */
  readonly id: string;
  /** The resolved value of argument `name`. */
  value(name: string): ArgValue | undefined;
  /** Python expression of argument `name`: a literal, or `hp["terms"][id][name]` when tunable. */
  arg(name: string): string;
  /**
   * Python expression of the per-example NLL [B] (nats) of observation `v` under the likelihood
   * of the decoder that models it (that likelihood's own `pytorch`).
   */
  nll(v: string): string;
  /** Python names of latent `v`'s sample [B, D], mean and log-variance [B, D]. */
  latent(v: string): { readonly sample: string; readonly mu: string; readonly logvar: string };
}

/** A loss term: returns a scalar to *minimise* (weights are applied by the objective). */
export interface PenaltyDef<
  A extends Record<string, ArgValue> = Record<string, ArgValue>,
> extends EntryBase<"penalty"> {
  /** The scalar term, shape []. Must not leak tensors (call inside tf.tidy). */
  compute(ctx: TermContext, args: A, state?: TermState): tf.Scalar;
  /**
   * Optional, for terms that estimate a quantity ≥ 0 (a KL divergence) with an estimator that
   * can go below 0: why a negative value happens with these args, batch size B and data-set
   * size N (one sentence with a hint), or undefined when it cannot. The training loop warns once
   * per term with it (runtime/train/estimates.ts).
   */
  negativeEstimate?(args: A, batchSize: number, datasetSize: number): string | undefined;
  /**
   * What the term is, for the checker's semantic and pedantic passes (compiler/check/semantics.ts,
   * pedantic.ts): declared here, in the penalty's own file, instead of name lists in the checker.
   */
  readonly traits?: PenaltyTraits;
  /**
   * The tensors `compute` reads for these arguments, named as in the training plan
   * (compiler/plan/types.ts: `latents.z.mu`, `outputs.x`, `extra.A`, `step`, …); the plan's
   * term reads. Absent: inferred from the reference arguments (a posterior, an observation and
   * what models it, an scm's adjacency).
   */
  reads?(args: Readonly<Record<string, ArgValue>>, model: ReadsModel): readonly string[];
  /**
   * The PyTorch target's implementation: the Python expression (a scalar tensor, nats) of the
   * term, a call into disc_torch.penalties (compiler/emit/pytorch/runtime/disc_torch). Absent:
   * the PyTorch target refuses the entry (DIS4004); its support table is derived from this.
   */
  pytorch?(call: PyTermCall): string;
  /** Optional extra scalars to log (e.g. the three parts of a decomposition). */
  diagnostics?(ctx: TermContext, args: A, state?: TermState): Record<string, tf.Scalar>;
  createState?(args: A, info: ModelInfo): TermState;
  /**
   * Gradient routing, printed in the resolved spec: which parameter sets this term's gradient
   * may update ("main" = the model's own optimizer; "own" = the term's state only). A function
   * when the routing depends on the arguments (e.g. only the discriminator estimator has "own").
   */
  readonly updates:
    | readonly ("main" | "own")[]
    | ((args: Readonly<Record<string, ArgValue>>) => readonly ("main" | "own")[]);
}

/** Input/output geometry a network is built for. */
export interface NetworkIO {
  /** Input shape without batch, e.g. [64, 64, 1] or [10]. */
  readonly input: readonly number[];
  /** Output shape without batch, e.g. [20] (mu ‖ logvar) or [64, 64, 1] (logits). */
  readonly output: readonly number[];
  /**
   * Size D of a conditioning vector [D] the network takes as an extra input (a diffusion
   * denoiser's semantic latent z); absent or 0 = unconditional.
   */
  readonly conditionSize?: number;
}

export interface NetworkDef<
  A extends Record<string, ArgValue> = Record<string, ArgValue>,
> extends EntryBase<"network"> {
  /** The input ranks it accepts: "image" [H, W, C] or "vector" [D]; "any" = either (mlp flattens / reshapes). */
  readonly accepts: "image" | "vector" | "any";
  readonly produces: "image" | "vector" | "any";
  /** Image sizes (H = W) it supports when it consumes or produces images; absent = any. */
  readonly imageSizes?: readonly number[];
  /**
   * Width of the `trunk` layer (the features a `head` reads) for these args; the checker uses it
   * as the head's input shape [trunkSize]. Absent: the last `hidden` width, else the output size.
   */
  readonly trunkSize?: (args: Record<string, ArgValue>) => number;
  build(args: A, io: NetworkIO, seed: number): tf.LayersModel;
  /**
   * The PyTorch target's implementation: the arguments its disc_torch.nets constructor takes
   * (the program's `hyperparameters["networks"]` holds them) and the constructor call for the
   * Python expressions of its input and output shapes (lists, e.g. `[64, 64, 1]`,
   * `[hp["latents"]["z"] * 2]`) and of those arguments (`**hp["networks"]["encoder"]`). The
   * layers match the tfjs ones weight for weight. Absent: the PyTorch target refuses it (DIS4004).
   */
  readonly pytorch?: {
    readonly args: readonly string[];
    readonly construct: (input: string, output: string, kwargs: string) => string;
  };
}

export interface LikelihoodDef<
  A extends Record<string, ArgValue> = Record<string, ArgValue>,
> extends EntryBase<"likelihood"> {
  /** Channels of decoder output per data channel (1 for bernoulli, 2 for learned-variance gaussian). */
  paramsPerChannel(args: A): number;
  /** Negative log-likelihood per example, summed over pixels and channels: [B] in nats. */
  nll(x: tf.Tensor4D, params: tf.Tensor4D, args: A): tf.Tensor1D;
  /** The mean of p(x|params), [B, H, W, C], for pictures. */
  mean(params: tf.Tensor4D, args: A): tf.Tensor4D;
  /**
   * The PyTorch target's implementation: the Python expression of `nll` — per-example NLL [B]
   * nats — for the Python expressions `x` [B, C, H, W] and `params` [B, P·C, H, W] (the decoder's
   * output, channels as on the TypeScript target), a call into disc_torch.penalties as `P`;
   * `py(v)` prints a value as a Python literal. Absent: the PyTorch target refuses the
   * likelihood (DIS4004).
   */
  readonly pytorch?: (args: A, x: string, params: string, py: (v: unknown) => string) => string;
}

export interface DistributionDef extends EntryBase<"distribution"> {
  /** Flattened size of a variable declared with these args. */
  readonly size: (args: Record<string, ArgValue>) => number;
  /** Draws [n, size] from the prior. `seed` makes it deterministic. */
  readonly sample: (n: number, args: Record<string, ArgValue>, seed: number) => tf.Tensor2D;
  /** Entropy of the prior in nats (differential for continuous ones), where it has a closed form. */
  readonly entropy?: (args: Record<string, ArgValue>) => number;
}

export interface OptimizerDef extends EntryBase<"optimizer"> {
  readonly create: (args: Record<string, ArgValue>) => tf.Optimizer;
  /**
   * The PyTorch target's implementation: its key in disc_torch.train.OPTIMIZERS, a factory
   * (params, args) that updates exactly as `create`'s optimizer does (test/pytorch/optimizers.test.ts).
   * Absent: the PyTorch target refuses the optimizer (DIS4004).
   */
  readonly pytorch?: string;
}

export interface ScheduleDef extends EntryBase<"schedule"> {
  /** The value at optimizer step `step` (0-based). Pure. */
  readonly value: (step: number, args: Record<string, ArgValue>) => number;
  /**
   * The PyTorch target's implementation: the Python expression of the value at `step` (a call
   * into disc_torch.penalties as `P`); `py(v)` prints a value as a Python literal. Absent: the
   * PyTorch target refuses the schedule (DIS4004).
   */
  readonly pytorch?: (args: Record<string, ArgValue>, py: (v: unknown) => string) => string;
}

/** Metadata of a data set; loading lives in runtime/data. */
export interface DatasetDef extends EntryBase<"dataset"> {
  /** Image shape [H, W, C] for the given args. */
  readonly imageShape: (args: Record<string, ArgValue>) => readonly [number, number, number];
  /** Names of the ground-truth factors or labels (empty when none). */
  readonly factorNames: (args: Record<string, ArgValue>) => readonly string[];
  /**
   * The number of training examples for the given args when it is known without reading a
   * file (a procedural set, a packaged one); undefined when it depends on a file (`path:`).
   * Lets `steps: 2 epochs` be converted to steps at check time.
   */
  readonly examples?: (args: Record<string, ArgValue>) => number | undefined;
}

/** Metadata of a metric; the computation lives in runtime/metrics (evaluation issue). */
export interface MetricDef extends EntryBase<"metric"> {
  /** Does it need ground-truth factors? */
  readonly supervised: boolean;
  /**
   * Samples what the reference samples, computes the score and packages the result; reads its
   * declared parameters from the RunContext (runtime/metrics/run-context.ts). The algorithm
   * itself lives in runtime/metrics/. Throws when the representation lacks what it needs.
   */
  readonly run: (ctx: RunContext) => Promise<MetricResult>;
}

export type AnyEntry =
  | PenaltyDef
  | NetworkDef
  | LikelihoodDef
  | DistributionDef
  | OptimizerDef
  | ScheduleDef
  | DatasetDef
  | MetricDef;
