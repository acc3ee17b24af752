/**
 * Diagnostics: the only way the compiler reports a problem in a spec.
 * A user error is a `Diagnostic` value with a catalogue code; nothing in the core throws for
 * bad input. Internal compiler errors use the DIS4xxx codes and say "this is a bug".
 */
import type { Span } from "../../grammar/ast.js";

export type Severity = "error" | "warning";

export interface RelatedInfo {
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  /** Catalogue code, e.g. "DIS2001". */
  readonly code: string;
  readonly severity: Severity;
  /** Primary span. */
  readonly span: Span;
  /** One sentence, ending in a period. */
  readonly message: string;
  /** Optional fix suggestion, e.g. "did you mean `total_correlation`?" */
  readonly hint?: string;
  readonly related?: readonly RelatedInfo[];
}
