/** Conversions between disc spans (1-based line/column, UTF-16 offsets) and LSP ranges (0-based). */
import type { Span } from "../../grammar/ast.js";

export interface LspPosition {
  readonly line: number;
  readonly character: number;
}
export interface LspRange {
  readonly start: LspPosition;
  readonly end: LspPosition;
}

/** The LSP range of a span (disc line 1 column 1 → line 0 character 0). */
export function spanToRange(span: Span): LspRange {
  return {
    start: { line: span.start.line - 1, character: span.start.column - 1 },
    end: { line: span.end.line - 1, character: span.end.column - 1 },
  };
}

/** True when the 0-based `offset` lies inside `span` (end inclusive, so a cursor after a name counts). */
export function spanContains(span: Span, offset: number): boolean {
  return span.start.offset <= offset && offset <= span.end.offset;
}

/** The identifier around `offset` in `text` and its start, or undefined. */
export function wordAt(text: string, offset: number): { word: string; start: number } | undefined {
  let s = offset;
  while (s > 0 && /[A-Za-z0-9_]/.test(text[s - 1]!)) s--;
  let e = offset;
  while (e < text.length && /[A-Za-z0-9_]/.test(text[e]!)) e++;
  const word = text.slice(s, e);
  return /^[A-Za-z_]/.test(word) ? { word, start: s } : undefined;
}

/**
 * The call whose argument list encloses `offset`: the name before the innermost unclosed `(`
 * (skipping strings and comments is not needed for completion accuracy on one line's worth of
 * context), and the names already given as `name:` inside it.
 */
export function enclosingCall(
  text: string,
  offset: number,
): { callee: string; given: string[] } | undefined {
  let depth = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === ")" || c === "]") depth++;
    else if (c === "(" || c === "[") {
      if (depth === 0) {
        if (c === "[") return undefined;
        const before = text.slice(Math.max(0, i - 80), i);
        const m = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(before);
        if (!m) return undefined;
        const inside = text.slice(i + 1, offset);
        const given = [...inside.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*:/g)].map((g) => g[1]!);
        return { callee: m[1]!, given };
      }
      depth--;
    } else if (c === "{" || c === "}") return undefined;
  }
  return undefined;
}
