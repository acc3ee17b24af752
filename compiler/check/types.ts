/**
 * The checker's output: a resolved view of one model, read by `compiler/ir/lower.ts`.
 * Everything here is already validated; lowering only assembles the IR from it.
 */
import type { Call, Expr, ModelDecl, Span } from "../../grammar/ast.js";
import type {
  AnyEntry,
  Backbone,
  DatasetDef,
  DistributionDef,
  EntryKind,
  LikelihoodDef,
  MetricDef,
  NetworkDef,
  OptimizerDef,
  PenaltyDef,
  RefKind,
  ScheduleDef,
} from "../../stdlib/types.js";
import type { Resolved } from "../ir/types.js";
import type { StudySpec } from "../study/types.js";
import type { CheckedParam } from "./params.js";

/** The registry as the checker uses it (satisfied by stdlib/registry.ts's `Registry`). */
export interface RegistryLike {
  lookup(kind: EntryKind, name: string): AnyEntry | undefined;
  list(kind: EntryKind): readonly AnyEntry[];
  names(kind?: EntryKind): readonly string[];
}

/** Resolved arguments with provenance; mutable while the checker builds them. */
export type ArgMap = Record<string, Resolved>;

/** A resolved call of a registry entry. */
export interface ResolvedCall<E extends AnyEntry = AnyEntry> {
  readonly entry: E;
  readonly args: ArgMap;
  /** Spans of the arguments the user wrote, by parameter name. */
  readonly argSpans: Readonly<Record<string, Span>>;
  /** Span of the whole call (or the bare name). */
  readonly span: Span;
}

/** A name in a model's scope: a variable, network or scm, or a `param`. */
export interface SymbolInfo {
  readonly name: string;
  readonly kind: RefKind | "param";
  /** Span of the declaring identifier. */
  readonly span: Span;
  /** For variables: latent | code | noise | observed. */
  readonly role?: "latent" | "code" | "noise" | "observed";
}

export interface CheckedData {
  readonly call: ResolvedCall<DatasetDef>;
  readonly imageShape: readonly [number, number, number];
  readonly factorNames: readonly string[];
  /** The span `from` names (the whole declaration, entry or block). */
  readonly declSpan: Span;
  readonly from: string;
}

export interface CheckedVariable {
  readonly name: string;
  readonly role: "latent" | "code" | "noise";
  readonly dist: ResolvedCall<DistributionDef>;
  readonly size: number;
  readonly shape: readonly number[];
  hasPosterior: boolean;
  readonly span: Span;
  /** The span `from` names (the whole declaration, entry or block). */
  readonly declSpan: Span;
  readonly from: string;
}

export interface CheckedNetwork {
  readonly name: string;
  readonly role: string;
  readonly call: ResolvedCall<NetworkDef>;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  inputShape: readonly number[];
  outputShape: readonly number[];
  likelihood: { readonly call: ResolvedCall<LikelihoodDef>; readonly from: string } | null;
  readonly span: Span;
  /** The span `from` names (the whole declaration, entry or block). */
  readonly declSpan: Span;
  readonly from: string;
}

export interface CheckedScm {
  readonly name: string;
  readonly over: string;
  readonly concepts: readonly string[];
  readonly conceptSize: number;
  readonly args: ArgMap;
  readonly span: Span;
  /** The span `from` names (the whole declaration, entry or block). */
  readonly declSpan: Span;
  readonly from: string;
}

export interface CheckedTerm {
  readonly call: ResolvedCall<PenaltyDef>;
  readonly node: Call;
  /** The variable the term acts on (its first ref argument), if any. */
  readonly target?: string;
  readonly from: string;
}

/** What each call node in the loss expression resolved to. */
export type LossCallMeaning =
  | { readonly kind: "term"; readonly index: number }
  | { readonly kind: "schedule"; readonly call: ResolvedCall<ScheduleDef> }
  | { readonly kind: "abs" };

export interface CheckedOptimizer {
  readonly target: string;
  readonly call: ResolvedCall<OptimizerDef> | null;
  /** The span `from` names (the whole declaration, entry or block). */
  readonly declSpan: Span;
  readonly from: string;
}

export interface CheckedTrain {
  readonly settings: ArgMap;
  /** Explicit optimizers: unqualified ("main") or qualified by network name. */
  readonly optimizers: readonly CheckedOptimizer[];
}

export interface CheckedEvaluate {
  readonly every: Resolved<number> | null;
  readonly metrics: readonly ResolvedCall<MetricDef>[];
  readonly traversals: ArgMap;
  /** The span `from` names (the whole declaration, entry or block). */
  readonly declSpan: Span;
  readonly from: string;
}

export interface CheckedModel {
  readonly decl: ModelDecl;
  readonly fileName: string;
  backbone: Backbone;
  data: CheckedData | null;
  readonly variables: CheckedVariable[];
  readonly networks: CheckedNetwork[];
  readonly scms: CheckedScm[];
  readonly terms: CheckedTerm[];
  lossExpr: Expr | null;
  readonly lossCalls: Map<Call, LossCallMeaning>;
  train: CheckedTrain;
  evaluate: CheckedEvaluate | null;
  readonly scope: Map<string, SymbolInfo>;
  /** The model's valid params in source order, with the values this compile uses. */
  params: readonly CheckedParam[];
  /** The literal nodes of `decl` that stand for a param reference, and their param. */
  readonly paramReads: ReadonlyMap<Expr, CheckedParam>;
  /** The checked `study` block (null without one, or when it has errors). */
  study: StudySpec | null;
}
