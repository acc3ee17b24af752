/**
 * Building diagnostics from catalogue codes, and sorting/deduplicating a list of them.
 */
import type { Span } from "../../grammar/ast.js";
import { CATALOGUE, type DiagnosticCode } from "./catalogue.js";
import type { Diagnostic, RelatedInfo, Severity } from "./types.js";

export interface DiagExtras {
  readonly hint?: string;
  readonly related?: readonly RelatedInfo[];
  readonly severity?: Severity;
}

/** A diagnostic with the catalogue's default severity for `code` (unless overridden). */
export function makeDiagnostic(
  code: DiagnosticCode,
  span: Span,
  message: string,
  extras: DiagExtras = {},
): Diagnostic {
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    code,
    severity: extras.severity ?? CATALOGUE[code].severity,
    span,
    message,
  };
  if (extras.hint !== undefined) d.hint = extras.hint;
  if (extras.related !== undefined && extras.related.length > 0) d.related = extras.related;
  return d;
}

/** A span of zero length at the start of a file; for diagnostics with no better place. */
export const FILE_START: Span = {
  start: { offset: 0, line: 1, column: 1 },
  end: { offset: 0, line: 1, column: 1 },
};

/**
 * Sorts by position (then code) and drops duplicates: the same code at the same span start
 * (the checker and a library entry's own check may both find a problem; the first one wins).
 */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diags) {
    const key = `${d.code}@${d.span.start.offset}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort(
    (a, b) =>
      a.span.start.offset - b.span.start.offset || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** True when any diagnostic is an error. */
export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error");
}
