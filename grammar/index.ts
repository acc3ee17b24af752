/**
 * The `.dis` front end: text → tokens → CST (Chevrotain, error recovery on) → AST, with every
 * lexical and syntax problem reported as a DIS1xxx diagnostic. Nothing here throws for bad input.
 */
import type { Diagnostic } from "../compiler/diagnostics/types.js";
import type { Program, Span } from "./ast.js";
import { cstToAst } from "./cst-to-ast.js";
import type { FileCstNode } from "./cst-types.js";
import { disParser } from "./parser.js";
import { finalizeDiagnostics, recognitionDiagnostic, type SyntaxContext } from "./syntax-errors.js";
import { checkFileSize, checkTokenLimits } from "./limits.js";
import { lexDis } from "./tokens.js";

export { tokenize, type Token } from "./tokens.js";
export { LIMITS } from "./limits.js";
export type * from "./ast.js";

/** The AST of a file that is not parsed (over a limit): no items. */
function emptyProgram(): Program {
  const at = { offset: 0, line: 1, column: 1 };
  return { kind: "Program", uses: [], models: [], span: { start: at, end: at } };
}

/**
 * Parse one `.dis` file. Always returns an AST (partial where the input is broken) and all
 * syntax diagnostics of the file, sorted by position (DIS1001–DIS1012). `fileName` is used
 * only for messages of internal errors; spans are positions in `text`. A file over one of the
 * limits of limits.ts (size, nesting, list length, operators: DIS1008–DIS1011) is not parsed:
 * its AST is empty and the diagnostics are the limits it exceeds (and its lexical errors).
 */
export function parse(text: string, fileName: string): { ast: Program; diagnostics: Diagnostic[] } {
  const tooBig = checkFileSize(text);
  if (tooBig) return { ast: emptyProgram(), diagnostics: [tooBig] };
  const lex = lexDis(text);
  const over = checkTokenLimits(lex.tokens);
  if (over.length > 0) {
    const diagnostics = [...lex.diagnostics, ...over]
      .sort((a, b) => a.span.start.offset - b.span.start.offset)
      .slice(0, 50);
    return { ast: emptyProgram(), diagnostics };
  }
  const ctx: SyntaxContext = { text, tokens: lex.tokens };
  disParser.input = lex.tokens;
  let cst: FileCstNode;
  // Chevrotain throws and catches an Error per recognition problem while it recovers; their
  // stack traces are never read, and capturing them dominates the time of parsing garbage
  const traces = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    cst = disParser.file() as FileCstNode;
  } catch (e) {
    // Chevrotain recovers from every recognition error; anything else is a bug in the grammar.
    throw new Error(
      `internal error parsing ${fileName}: ${(e as Error).message} (this is a bug in disc)`,
    );
  } finally {
    Error.stackTraceLimit = traces;
  }
  const syntax = disParser.errors.map((e) => recognitionDiagnostic(e, ctx));
  disParser.input = [];
  const built = cstToAst(cst, ctx);
  const diagnostics = finalizeDiagnostics(
    lex.diagnostics,
    [...syntax, ...built.diagnostics],
    lex.truncated,
    text.length,
  );
  return { ast: built.ast, diagnostics };
}

/** A span as the compact string "L:C-L:C" (1-based, end exclusive). */
export function spanToString(span: Span): string {
  return `${span.start.line}:${span.start.column}-${span.end.line}:${span.end.column}`;
}

function isSpan(v: unknown): v is Span {
  return (
    typeof v === "object" &&
    v !== null &&
    "start" in v &&
    "end" in v &&
    typeof (v as Span).start.line === "number"
  );
}

/**
 * A stable JSON form of an AST (or any AST node) for golden files: `kind` first, then the other
 * fields in alphabetical order, spans as "L:C-L:C" strings, non-finite numbers as strings.
 */
export function astToJson(ast: unknown): unknown {
  if (Array.isArray(ast)) return ast.map(astToJson);
  if (typeof ast === "number") return Number.isFinite(ast) ? ast : String(ast);
  if (typeof ast !== "object" || ast === null) return ast;
  if (isSpan(ast)) return spanToString(ast);
  const rec = ast as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if ("kind" in rec) out["kind"] = rec["kind"];
  for (const k of Object.keys(rec).sort()) {
    if (k === "kind" || rec[k] === undefined) continue;
    out[k] = astToJson(rec[k]);
  }
  return out;
}
