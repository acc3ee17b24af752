/**
 * The training plan: a target-neutral, JSON-serialisable lowering of a `ModelIR` into what a
 * training step does — forward steps in the order they run, the tensors each term reads, the
 * phases of a step (each with its parameter sets, optimizer and loss), the objective as one
 * annotated expression, its schedules, the evaluation and source spans. Produced by
 * `planModel` (compiler/plan/plan.ts); `disc compile --emit plan` prints it.
 *
 * Tensor names (`TensorName`) follow the runtime's TermContext:
 * - `x`, `y`: the batch's observations and labels (ctx.x, ctx.y);
 * - `latents.<v>.mu`, `latents.<v>.logvar`, `latents.<v>.sample`: a variable's posterior and
 *   sample (ctx.latents[v]);
 * - `outputs.<v>`: a network's output for variable v (ctx.outputs[v]: a decoder's likelihood
 *   parameters, a GAN generator's fake images, a Q head's prediction of a code);
 * - `extra.<key>`: a backbone tensor (ctx.extra[key]: an scm's adjacency `extra.A`, the GAN
 *   discriminator's logits `extra.d_fake_logits`, a denoiser's `extra.denoise_eps_pred`, …);
 * - `step`: the optimizer steps taken so far;
 * - `<network or scm>.<name>`: an intermediate no term reads (`discriminator.trunk`,
 *   `A.masked_sample`, `noising.x_t`).
 */
import type { ArgValue, Backbone, ResolvedArgs } from "../ir/types.js";
import type { SourceSpan } from "../ir/spans.js";

/** A source range (compiler/ir/spans.ts); null where the value has none (a default). */
export type Span = SourceSpan;

/** Argument values without provenance. */
export type Values = Readonly<Record<string, ArgValue>>;

/** A tensor a step writes or a term reads; see the module comment for the names. */
export type TensorName = string;

export interface TrainingPlan {
  readonly planVersion: 1;
  readonly model: string;
  readonly backbone: Backbone;
  readonly source: { readonly file: string; readonly sha256: string };
  /** The model block; null when the plan was made from an IR without its spans. */
  readonly span: Span | null;
  readonly data: DataPlan;
  /** The declared variables (latents, codes, noise), in declaration order. */
  readonly variables: readonly VariablePlan[];
  /** What one forward pass computes, in order (priors, then networks topologically). */
  readonly forward: readonly ForwardStep[];
  /** Every term of the objective, in source order. */
  readonly terms: readonly TermPlan[];
  readonly objective: ObjectiveFold;
  /** The phases of one training step, in the order they run. */
  readonly phases: readonly Phase[];
  /** Step-dependent weights of the objective, in source order (`FoldExpr` schedule `index`). */
  readonly schedules: readonly SchedulePlan[];
  readonly training: TrainingSettings;
  readonly evaluation: EvaluationPlan | null;
}

export interface DataPlan {
  readonly dataset: string;
  readonly args: Values;
  /** [H, W, C] of one observation. */
  readonly imageShape: readonly number[];
  readonly span: Span | null;
}

export interface VariablePlan {
  readonly name: string;
  readonly role: "latent" | "code" | "noise";
  readonly distribution: string;
  /** Flattened size D and the declared shape. */
  readonly size: number;
  readonly shape: readonly number[];
  /** True when an encoder gives it a Gaussian posterior q(v|x). */
  readonly posterior: boolean;
  readonly span: Span | null;
}

interface StepBase {
  readonly reads: readonly TensorName[];
  readonly writes: readonly TensorName[];
  /** Only these phases run the step; absent: every phase's forward pass runs it. */
  readonly phases?: readonly string[];
  readonly span: Span | null;
}

/** A variable no network produces, drawn from its prior. */
export interface PriorStep extends StepBase {
  readonly kind: "prior";
  readonly variable: string;
  readonly role: "latent" | "code" | "noise";
  readonly distribution: string;
  readonly args: Values;
  readonly size: number;
}

/**
 * What a network's output is: a Gaussian posterior (split into mu / logvar, reparameterised
 * with ε ~ N(0, I)), a deterministic latent, the likelihood parameters of an observation, a
 * GAN's fake images, discriminator logits (and trunk features), a Q head's code predictions,
 * or a denoiser's prediction.
 */
export type NetworkOutput =
  "posterior" | "latent" | "likelihood" | "observation" | "fake" | "logits" | "q" | "prediction";

export interface NetworkStep extends StepBase {
  readonly kind: "network";
  readonly network: string;
  readonly role: string;
  readonly arch: string;
  readonly output: NetworkOutput;
}

/** A causal_vae scm applied to its latent (causal layer, mask layer, label reconstructions). */
export interface ScmStep extends StepBase {
  readonly kind: "scm";
  readonly scm: string;
  readonly over: string;
}

/** The diffusion backbone's forward noising of x before the denoiser. */
export interface NoisingStep extends StepBase {
  readonly kind: "noising";
  readonly schedule: "linear" | "edm";
  readonly timesteps: number;
}

export type ForwardStep = PriorStep | NetworkStep | ScmStep | NoisingStep;

export interface TermPlan {
  readonly id: string;
  readonly entry: string;
  readonly args: Values;
  /** The tensors the term reads. */
  readonly reads: readonly TensorName[];
  /** "entry": the entry's own `reads` (PenaltyDef.reads); "arguments": inferred from its reference arguments. */
  readonly readsFrom: "entry" | "arguments";
  /** Gradient routing from the registry ("main", "own"). */
  readonly updates: readonly string[];
  /** The phases whose loss contains the term. */
  readonly phases: readonly string[];
  /** The `use` module of a user entry, as written. */
  readonly module?: string;
  readonly span: Span | null;
}

export type BinaryOp = "add" | "sub" | "mul" | "div" | "pow";

/**
 * The objective as a tree: the IR's `ObjExpr` (every `ObjExpr` is a `FoldExpr`) with two
 * annotations — a constant that multiplies a single term carries the name of its weight
 * (`hp.weights.<weight>`), and a schedule carries its index in `TrainingPlan.schedules`.
 * Walk it with `foldObjective` (compiler/plan/objective.ts).
 */
export type FoldExpr =
  | { readonly op: "term"; readonly id: string }
  | {
      readonly op: "const";
      readonly value: number;
      readonly from?: string;
      readonly weight?: string;
    }
  | { readonly op: BinaryOp; readonly left: FoldExpr; readonly right: FoldExpr }
  | { readonly op: "neg" | "abs"; readonly arg: FoldExpr }
  | {
      readonly op: "schedule";
      readonly entry: string;
      readonly args: ResolvedArgs;
      readonly index?: number;
    };

/** One term of a linear objective: sign · coefficient · Π schedules(step) · term. */
export interface LinearPart {
  readonly term: string;
  readonly sign: 1 | -1;
  /** |product of the constants|, ≥ 0. */
  readonly coefficient: number;
  /** Indexes into `TrainingPlan.schedules` that multiply the term. */
  readonly schedules: readonly number[];
}

export interface ObjectiveFold {
  /** The objective to minimise. */
  readonly expr: FoldExpr;
  /** `expr` as a formula over term ids, e.g. `recon_x + 4 * kl_z`. */
  readonly formula: string;
  /** Named weights (a constant times a single term), in order of appearance. */
  readonly weights: readonly {
    readonly name: string;
    readonly term: string;
    readonly value: number;
  }[];
  /** The objective as Σ sign·coefficient·schedules·term + constant, or null when it is not linear in the terms. */
  readonly linear: { readonly parts: readonly LinearPart[]; readonly constant: number } | null;
}

export interface OptimizerPlan {
  readonly entry: string;
  readonly args: Values;
  /** Its `optimizer` entry (or the term that declares it); null for the default optimizer. */
  readonly span: Span | null;
}

/**
 * What a phase minimises: the whole objective; the GAN discriminator loss of term `term`
 * (`plus`: the part of the objective the discriminator step adds, the objective with the gan
 * term set to 0, or null); a term's own state update (FactorVAE's discriminator); or a dual
 * ascent on a term's multipliers.
 */
export type PhaseLoss =
  | { readonly kind: "objective" }
  | {
      readonly kind: "gan_discriminator";
      readonly term: string;
      readonly loss: string;
      readonly plus: FoldExpr | null;
    }
  | { readonly kind: "term_state"; readonly term: string }
  | { readonly kind: "dual_ascent"; readonly term: string };

export interface Phase {
  readonly name: string;
  /** gradient: an optimizer step on `loss`; term_state: a term's own update; dual_ascent: multipliers, no gradient. */
  readonly kind: "gradient" | "term_state" | "dual_ascent";
  /** The parameter sets it updates: network (or scm) names, `<net>.trunk` / `<net>.head` parts, or a term's own state `<term>.<what>`. */
  readonly parameters: readonly string[];
  readonly optimizer: OptimizerPlan | null;
  readonly loss: PhaseLoss;
  /** Term ids whose value enters this phase's loss. */
  readonly terms: readonly string[];
  /** dual_ascent: optimizer steps between two updates. */
  readonly every?: number;
}

export interface SchedulePlan {
  readonly index: number;
  readonly entry: string;
  readonly args: Values;
  readonly span: Span | null;
}

export interface TrainingSettings {
  readonly steps: number;
  readonly seed: number;
  readonly batchSize: number;
  readonly clipNorm: number;
  readonly logEvery: number;
  readonly checkpointEvery: number;
}

export interface EvaluationPlan {
  readonly every: number;
  readonly metrics: readonly { readonly name: string; readonly args: Values }[];
  readonly traversals: Values;
  readonly span: Span | null;
}
