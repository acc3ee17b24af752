/**
 * Source spans of a lowered model: a side table beside the `ModelIR`, parallel to its arrays
 * (the IR itself keeps its `from` strings and stays unchanged). The plan stage
 * (compiler/plan/) copies these spans into the `TrainingPlan`, so that nothing downstream has
 * to parse "file:line:col" back out of a provenance string.
 */
import type { Expr, Span } from "../../grammar/ast.js";
import type { CheckedModel, RegistryLike } from "../check/types.js";
import { lowerOptimizers } from "./lower.js";

/**
 * A source range: 1-based line and column of the first character, and of the position just
 * after the last one (`endLine`, `endCol`; the range is half-open, as the AST's spans are).
 */
export interface SourceSpan {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine?: number;
  readonly endCol?: number;
}

/** Spans of one model's declarations, index for index with its `ModelIR`. */
export interface ModelSpans {
  /** The `model NAME { … }` block. */
  readonly model: SourceSpan;
  /** The `data` declaration. */
  readonly data: SourceSpan;
  /** Per `ir.variables[i]`: its declaration. */
  readonly variables: readonly SourceSpan[];
  /** Per `ir.networks[i]`: its declaration. */
  readonly networks: readonly SourceSpan[];
  /** Per `ir.scms[i]`: its declaration. */
  readonly scms: readonly SourceSpan[];
  /** Per `ir.terms[i]`: the term's call in the loss. */
  readonly terms: readonly SourceSpan[];
  /** Per schedule call in the objective, in source (left-to-right) order. */
  readonly schedules: readonly SourceSpan[];
  /** The loss expression. */
  readonly loss: SourceSpan;
  /** Per `ir.train.optimizers[i]`: its `optimizer` entry, null for the default optimizer. */
  readonly optimizers: readonly (SourceSpan | null)[];
  /** The `evaluate` block, null without one. */
  readonly evaluate: SourceSpan | null;
}

/** An AST span of file `file` as a SourceSpan. */
export function sourceSpan(file: string, span: Span): SourceSpan {
  return {
    file,
    line: span.start.line,
    col: span.start.column,
    endLine: span.end.line,
    endCol: span.end.column,
  };
}

/** The spans of the schedule calls in a checked loss expression, left to right. */
function scheduleSpans(m: CheckedModel, e: Expr, out: Span[]): Span[] {
  switch (e.kind) {
    case "Binary":
      scheduleSpans(m, e.left, out);
      scheduleSpans(m, e.right, out);
      break;
    case "Unary":
      scheduleSpans(m, e.operand, out);
      break;
    case "Call": {
      const meaning = m.lossCalls.get(e);
      if (meaning?.kind === "schedule") out.push(e.span);
      else if (meaning?.kind === "abs" && e.args[0]) scheduleSpans(m, e.args[0].value, out);
      break;
    }
    default:
      break;
  }
  return out;
}

/**
 * The spans of a checked model (no errors) in the order `lowerModel` lowers it. Throws (an
 * internal error) on a model without data or loss, as lowering does.
 */
export function lowerSpans(m: CheckedModel, registry: RegistryLike): ModelSpans {
  if (m.data === null) throw new Error("lowering a model without data");
  if (m.lossExpr === null) throw new Error("lowering a model without a loss");
  const at = (span: Span): SourceSpan => sourceSpan(m.fileName, span);
  return {
    model: at(m.decl.span),
    data: at(m.data.declSpan),
    variables: m.variables.map((v) => at(v.declSpan)),
    networks: m.networks.map((n) => at(n.declSpan)),
    scms: m.scms.map((s) => at(s.declSpan)),
    terms: m.terms.map((t) => at(t.node.span)),
    schedules: scheduleSpans(m, m.lossExpr, []).map(at),
    loss: at(m.lossExpr.span),
    optimizers: lowerOptimizers(m, registry).map((o) =>
      o.source === null ? null : at(o.source.declSpan),
    ),
    evaluate: m.evaluate === null ? null : at(m.evaluate.declSpan),
  };
}
