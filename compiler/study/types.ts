/**
 * Studies: the types shared by the checker (which builds a `StudySpec` from a model's `param`
 * declarations and `study { … }` block), the expansion (`expand.ts`) and `disc study`.
 *
 * A study is seeds × a grid of named hyperparameters. Run *i* of a study always means the same
 * configuration and seed (like disentanglement_lib's model number): the grid's axes expand in
 * declaration order with the last axis fastest, and the seeds innermost, so
 * `index = configIndex · seeds.length + seedIndex`.
 */
import type { Span, Unit } from "../../grammar/ast.js";

/** A hyperparameter's value: a number (its unit kept separately) or an enum identifier (`mss`). */
export type ParamValue = number | string;

/** One `param NAME = VALUE` declaration of a model. */
export interface ParamInfo {
  readonly name: string;
  /** The declared default (what a plain `disc train` uses). */
  readonly value: ParamValue;
  /** The unit of a numeric value (`25 nats`), when it has one. */
  readonly unit?: Unit;
  readonly span: Span;
}

/** One axis of `grid { beta: [1, 2, 4] }`. */
export interface StudyAxis {
  readonly name: string;
  readonly values: readonly ParamValue[];
  readonly span: Span;
}

/** A model's study, as checked. */
export interface StudySpec {
  /** The model's name. */
  readonly model: string;
  /** Every `param` of the model, in source order (axes or not). */
  readonly params: readonly ParamInfo[];
  /** The grid's axes in declaration order (empty: one configuration, the defaults). */
  readonly axes: readonly StudyAxis[];
  /** Training seeds, in the order written; each configuration runs once per seed. */
  readonly seeds: readonly number[];
  readonly span: Span;
}

/** One run of an expanded study. */
export interface StudyRun {
  /** 0-based run number: configIndex · seeds.length + seedIndex. */
  readonly index: number;
  readonly configIndex: number;
  readonly seedIndex: number;
  readonly seed: number;
  /** The value of every axis for this run (params not on an axis keep their defaults). */
  readonly config: Readonly<Record<string, ParamValue>>;
  /** Directory-safe name: `003-beta=4-lr=0.0005-s0`. */
  readonly slug: string;
}
