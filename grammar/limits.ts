/**
 * Limits on the size of a `.dis` file, checked before the parser runs so that no input can
 * exhaust the call stack or the heap of the parser, the checker, the formatter or an emitter
 * (docs/language.md § Limits):
 *
 * - DIS1008: at most {@link LIMITS.fileChars} characters in a file (checked on the text, before
 *   lexing);
 * - DIS1009: at most {@link LIMITS.nesting} levels of nesting: brackets `( [ {`, and chains of
 *   unary minus and `^` (each is one more level of recursion);
 * - DIS1010: at most {@link LIMITS.listEntries} entries in one list, argument list, record or
 *   block (counted by their `,` / `;` separators);
 * - DIS1011: at most {@link LIMITS.operators} binary operators (`+ - * / ^`) in one item, brackets
 *   included: a loss has at most 101 terms.
 *
 * One linear pass over the tokens; each limit is reported once, at the first place it is
 * exceeded. Nesting and operators together bound the depth of every expression tree at about
 * 200 levels, which every recursive stage after the parser handles.
 */
import type { IToken, TokenType } from "chevrotain";
import type { Diagnostic } from "../compiler/diagnostics/types.js";
import type { Span } from "./ast.js";
import * as T from "./tokens.js";

/** The documented limits (docs/language.md § Limits). */
export const LIMITS = {
  /** Characters (UTF-16 code units) in one file: 1 MiB. */
  fileChars: 1_048_576,
  /** Levels of nesting: brackets, unary minus and `^` chains. */
  nesting: 100,
  /** Entries in one list, argument list, record or block. */
  listEntries: 1_000,
  /** Binary operators in one item (a loss of at most 101 terms). */
  operators: 100,
} as const;

const ZERO: Span = {
  start: { offset: 0, line: 1, column: 1 },
  end: { offset: 0, line: 1, column: 1 },
};

const fmt = (n: number): string => n.toLocaleString("en-US");

function limitDiag(code: string, span: Span, message: string, hint: string): Diagnostic {
  return { code, severity: "error", span, message, hint };
}

/** DIS1008 when `text` is longer than {@link LIMITS.fileChars}; checked before lexing. */
export function checkFileSize(text: string): Diagnostic | undefined {
  if (text.length <= LIMITS.fileChars) return undefined;
  return limitDiag(
    "DIS1008",
    ZERO,
    `This file has ${fmt(text.length)} characters; the limit is ${fmt(LIMITS.fileChars)} (1 MiB).`,
    "split it into several specs; a spec of one model is a few kilobytes.",
  );
}

/** Tokens that start a new item, so an operator count never spans two items. */
const ITEM_STARTS: readonly TokenType[] = [
  T.Use,
  T.Model,
  T.Data,
  T.Latent,
  T.Noise,
  T.Code,
  T.Scm,
  T.Over,
  T.Loss,
  T.Train,
  T.Evaluate,
  T.Every,
  T.Param,
  T.Study,
];
/** Separators that end an expression at item level. */
const ITEM_SEPARATORS: readonly TokenType[] = [
  T.Comma,
  T.Semi,
  T.Colon,
  T.Equals,
  T.Tilde,
  T.Arrow,
];
const BINARY: readonly TokenType[] = [T.Plus, T.Minus, T.Star, T.Slash, T.Caret];
/** After these (or at the start) a `-` is unary. */
const BEFORE_UNARY: readonly TokenType[] = [
  T.LParen,
  T.LBracket,
  T.LBrace,
  ...ITEM_SEPARATORS,
  ...BINARY,
];

interface Frame {
  readonly open: IToken | undefined;
  /** Nesting depth of the frame's contents. */
  readonly base: number;
  /** Unary minus and `^` levels pending in the current expression. */
  pending: number;
  /** `,` / `;` separators directly inside. */
  separators: number;
  /** Binary operators in the current item (only on `{` frames and the file). */
  ops: number;
  /** The operator that first exceeded the limit in the current item. */
  over: IToken | undefined;
}

/**
 * DIS1009, DIS1010 and DIS1011 over the token stream of a file, at most one of each. Linear in
 * the number of tokens; never throws.
 */
export function checkTokenLimits(tokens: readonly IToken[]): Diagnostic[] {
  const out = new Map<string, Diagnostic>();
  const report = (code: string, tok: IToken, message: string, hint: string): void => {
    const span = T.tokenSpan(tok);
    if (!out.has(code) && span) out.set(code, limitDiag(code, span, message, hint));
  };
  const root: Frame = {
    open: undefined,
    base: 0,
    pending: 0,
    separators: 0,
    ops: 0,
    over: undefined,
  };
  const stack: Frame[] = [root];
  /** The innermost `{` frame (or the file): where items and their operator counts live. */
  const block = (): Frame => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i]!;
      if (f.open === undefined || f.open.tokenType === T.LBrace) return f;
    }
    return root;
  };
  const endItem = (b: Frame): void => {
    if (b.over)
      report(
        "DIS1011",
        b.over,
        `This expression has ${fmt(b.ops)} operators; the limit is ${fmt(LIMITS.operators)} (a loss of at most ${LIMITS.operators + 1} terms).`,
        "write fewer terms; a sum of many copies of one term is one term with a weight.",
      );
    b.ops = 0;
    b.over = undefined;
  };
  const close = (f: Frame): void => {
    if (f.open && f.separators + 1 > LIMITS.listEntries) {
      const what =
        f.open.tokenType === T.LBracket
          ? "list"
          : f.open.tokenType === T.LBrace
            ? "block"
            : "argument list";
      report(
        "DIS1010",
        f.open,
        `This ${what} has ${fmt(f.separators + 1)} entries; the limit is ${fmt(LIMITS.listEntries)}.`,
        "a spec lists a few names or numbers here; generate several specs instead.",
      );
    }
    if (f.open?.tokenType === T.LBrace) endItem(f);
  };
  let prev: IToken | undefined;
  for (const tok of tokens) {
    const type = tok.tokenType;
    const top = stack[stack.length - 1]!;
    const atItemLevel = top.open === undefined || top.open.tokenType === T.LBrace;
    if (type === T.LParen || type === T.LBracket || type === T.LBrace) {
      const depth = top.base + top.pending + 1;
      if (depth > LIMITS.nesting) tooDeep(report, tok, depth);
      if (type === T.LBrace && atItemLevel) endItem(top);
      stack.push({ open: tok, base: depth, pending: 0, separators: 0, ops: 0, over: undefined });
    } else if (type === T.RParen || type === T.RBracket || type === T.RBrace) {
      if (stack.length > 1) close(stack.pop()!);
      if (type === T.RBrace) endItem(block());
    } else if (type === T.Minus && (prev === undefined || BEFORE_UNARY.includes(prev.tokenType))) {
      top.pending++;
      if (top.base + top.pending > LIMITS.nesting) tooDeep(report, tok, top.base + top.pending);
    } else if (BINARY.includes(type)) {
      if (type === T.Caret) {
        top.pending++;
        if (top.base + top.pending > LIMITS.nesting) tooDeep(report, tok, top.base + top.pending);
      } else top.pending = 0;
      const b = block();
      b.ops++;
      if (b.ops > LIMITS.operators && b.over === undefined) b.over = tok;
    } else if (ITEM_SEPARATORS.includes(type)) {
      top.pending = 0;
      if (type === T.Comma || type === T.Semi) top.separators++;
      if (atItemLevel) endItem(top);
    } else if (ITEM_STARTS.includes(type) && atItemLevel) {
      top.pending = 0;
      endItem(top);
    }
    prev = tok;
  }
  while (stack.length > 1) close(stack.pop()!);
  endItem(root);
  return [...out.values()];
}

function tooDeep(
  report: (code: string, tok: IToken, message: string, hint: string) => void,
  tok: IToken,
  depth: number,
): void {
  report(
    "DIS1009",
    tok,
    `This is nested ${depth} levels deep; the limit is ${LIMITS.nesting}.`,
    "remove redundant parentheses or minus signs, or split the expression.",
  );
}
