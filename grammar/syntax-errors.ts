/**
 * Syntax diagnostics: Chevrotain recognition exceptions (whose messages are JSON payloads from
 * parser.ts, never shown) and skipped "junk" input, turned into DIS1xxx diagnostics with
 * hand-written one-sentence messages and hints.
 */
import { EOF, tokenMatcher, type IRecognitionException, type IToken } from "chevrotain";
import type { Diagnostic, RelatedInfo } from "../compiler/diagnostics/types.js";
import { ROLE_NAMES } from "../stdlib/backbones/index.js";
import type { Position, Span } from "./ast.js";
import type { ErrorPayload } from "./parser.js";
import * as T from "./tokens.js";

/** What syntax-error mapping needs to know about the file. */
export interface SyntaxContext {
  readonly text: string;
  readonly tokens: readonly IToken[];
}

const ITEM_WORDS = [
  "data",
  "latent",
  "noise",
  "code",
  ...ROLE_NAMES,
  "scm",
  "loss",
  "train",
  "evaluate",
  "param",
  "study",
];

function diag(
  code: string,
  span: Span,
  message: string,
  hint?: string,
  related?: RelatedInfo[],
): Diagnostic {
  return {
    code,
    severity: "error",
    span,
    message,
    ...(hint !== undefined ? { hint } : {}),
    ...(related?.length ? { related } : {}),
  };
}

/** Edit distance (Levenshtein) between two short words. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest word within edit distance 2 (1 for words of up to 4 letters), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= (word.length <= 4 ? 1 : 2) && bestD > 0 ? best : undefined;
}

function isEof(tok: IToken | undefined): boolean {
  return tok === undefined || tokenMatcher(tok, EOF) || !Number.isFinite(tok.startOffset);
}

/** `\`foo\``, or "the end of the file". */
function describe(tok: IToken | undefined): string {
  if (isEof(tok)) return "the end of the file";
  const img = tok!.image.length > 24 ? `${tok!.image.slice(0, 24)}…` : tok!.image;
  return `\`${img}\``;
}

function endOfText(text: string): Span {
  const p = T.positionAt(text, text.length);
  return { start: p, end: p };
}

/** Primary span of an error at `tok`: the token, or (at EOF) the end of the last real token. */
function spanAt(ctx: SyntaxContext, tok: IToken | undefined, previous?: IToken): Span {
  if (!isEof(tok)) return T.tokenSpan(tok!)!;
  const last =
    (previous && T.tokenSpan(previous)) ??
    (ctx.tokens.length ? T.tokenSpan(ctx.tokens[ctx.tokens.length - 1]!) : undefined);
  if (!last) return endOfText(ctx.text);
  const p: Position = last.end;
  return { start: p, end: p };
}

const CLOSER_OF: Record<string, string> = {
  RBrace: "LBrace",
  RParen: "LParen",
  RBracket: "LBracket",
};
const CLOSERS = new Set(Object.keys(CLOSER_OF));
const OPENERS = new Set(Object.values(CLOSER_OF));

/** The openers still unclosed before token `at` (all, and per type), advanced forward. */
interface OpenScan {
  at: number;
  readonly stack: number[];
  readonly byType: Map<string, number[]>;
}
const openScans = new WeakMap<readonly IToken[], OpenScan>();

/**
 * Index of the innermost opener of `openerType` still unclosed before token index `before`.
 * Errors come in token order, so the scan resumes where the previous query stopped: all the
 * errors of a file cost one pass over its tokens, not one pass each.
 */
function unclosedOpener(
  tokens: readonly IToken[],
  before: number,
  openerType: string,
): number | undefined {
  let scan = openScans.get(tokens);
  if (scan === undefined || scan.at > before) {
    scan = { at: 0, stack: [], byType: new Map() };
    openScans.set(tokens, scan);
  }
  const { stack, byType } = scan;
  for (; scan.at < before && scan.at < tokens.length; scan.at++) {
    const name = tokens[scan.at]!.tokenType.name;
    if (OPENERS.has(name)) {
      stack.push(scan.at);
      const same = byType.get(name);
      if (same) same.push(scan.at);
      else byType.set(name, [scan.at]);
    } else if (CLOSERS.has(name)) {
      const want = CLOSER_OF[name]!;
      const top = stack.length ? tokens[stack[stack.length - 1]!]!.tokenType.name : undefined;
      if (top === want) {
        stack.pop();
        byType.get(want)!.pop();
      }
    }
  }
  return byType.get(openerType)?.at(-1);
}

/** "the `train` block", "the arguments of `adam`", … for the opener at index `i`. */
function describeOpener(tokens: readonly IToken[], i: number): string {
  const open = tokens[i]!;
  const prev = tokens[i - 1];
  if (open.tokenType === T.LBrace) {
    for (let j = i - 1; j >= 0 && j >= i - 8; j--) {
      const t = tokens[j]!;
      if (t.tokenType === T.Train) return "the `train` block";
      if (t.tokenType === T.Evaluate) return "the `evaluate` block";
      if (t.tokenType === T.Study) return "the `study` block";
      if (t.image === "grid" && j === i - 1) return "the `grid` block";
      if (t.tokenType === T.Model)
        return tokens[j + 1] && j + 1 < i
          ? `the \`model ${tokens[j + 1]!.image}\` block`
          : "the `model` block";
      if (t.tokenType === T.LBrace || t.tokenType === T.RBrace) break;
    }
    return "the block";
  }
  if (open.tokenType === T.LParen) {
    if (prev && tokenMatcher(prev, T.AnyName)) return `the arguments of \`${prev.image}\``;
    return "the parenthesis";
  }
  return "the list";
}

function tokenIndex(tokens: readonly IToken[], tok: IToken): number {
  if (isEof(tok)) return tokens.length;
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < tok.startOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const RULE_HINTS: Record<string, string> = {
  variableDecl: "a variable is written `latent z ~ normal(10)`.",
  networkDecl:
    "a network is written `encoder conv64(): x -> z` (ROLE [NAME =] ARCH(args): IN -> OUT).",
  wiring: "wiring is written `x -> z`, `(n, c) -> x` or `z -> x ~ bernoulli`.",
  names: "wiring is written `x -> z`, `(n, c) -> x` or `z -> x ~ bernoulli`.",
  scmDecl:
    "an SCM is written `scm A over z (concepts: [a, b], init: zeros)`; init is zeros, random or a matrix `given [[0, 1], [0, 0]]`.",
  lossDecl: "the objective is written `loss = recon(x) + 4.0 * kl(z)`.",
  dataDecl: "a data set is written `data dsprites(batch: 64)`.",
  paramDecl: "a hyperparameter is written `param beta = 4.0` (a number, `25 nats`, or a name).",
  studyBlock: "a study is written `study { seeds: [0, 1, 2]  grid { beta: [1, 2, 4] } }`.",
  gridBlock: "a grid is written `grid { beta: [1, 2, 4]  lr: [1e-4, 5e-4] }`.",
  entry: "an entry is written `key: value`, e.g. `steps: 300k`.",
  modelDecl: "a model is written `model NAME { … }`.",
  useDecl: 'a use line is written `use "./my-term.ts"`.',
  record: "a record is written `(name: value, …)`.",
  field: "a record is written `(name: value, …)`.",
};

const VALUE_RULES = new Set([
  "primary",
  "unary",
  "power",
  "term",
  "expr",
  "value",
  "arg",
  "numberExpr",
  "list",
  "args",
  "call",
]);

function parsePayload(message: string): ErrorPayload | undefined {
  try {
    const p = JSON.parse(message) as ErrorPayload;
    return typeof p === "object" && p !== null && typeof p.kind === "string" ? p : undefined;
  } catch {
    return undefined;
  }
}

/** One Chevrotain recognition exception as a DIS1001/1002/1007 diagnostic. */
export function recognitionDiagnostic(err: IRecognitionException, ctx: SyntaxContext): Diagnostic {
  const payload = parsePayload(err.message);
  const found = err.token;
  const atEof = isEof(found);
  const span = spanAt(ctx, found, (err as { previousToken?: IToken }).previousToken);
  const rule = payload?.rule ?? err.context?.ruleStack?.[err.context.ruleStack.length - 1] ?? "";
  if (payload?.kind === "mismatch" && payload.expectedType && CLOSER_OF[payload.expectedType]) {
    const idx = unclosedOpener(
      ctx.tokens,
      tokenIndex(ctx.tokens, found),
      CLOSER_OF[payload.expectedType]!,
    );
    const closer = payload.expected ?? "`}`";
    if (idx !== undefined) {
      const open = ctx.tokens[idx]!;
      const what = describeOpener(ctx.tokens, idx);
      const where = `${what} opened on line ${open.startLine ?? "?"}`;
      const related = [{ span: T.tokenSpan(open)!, message: `\`${open.image}\` opening ${what}.` }];
      if (atEof)
        return diag(
          "DIS1007",
          span,
          `The file ends before ${closer} closes ${where}.`,
          `add ${closer} at the end of ${what}.`,
          related,
        );
      const prev = ctx.tokens[tokenIndex(ctx.tokens, found) - 1];
      const listAfterName =
        tokenMatcher(found, T.LBracket) && prev !== undefined && tokenMatcher(prev, T.RefName);
      return diag(
        "DIS1002",
        span,
        `Expected ${closer} to close ${where}.`,
        listAfterName
          ? `only \`given\` takes a list directly (\`init: given [[0, 1], [0, 0]]\`); insert ${closer} or a \`,\` before \`[\`.`
          : `insert ${closer} before ${describe(found)}.`,
        related,
      );
    }
  }
  if (payload?.kind === "mismatch") {
    const expected = payload.expected ?? "another token";
    if (atEof)
      return diag(
        "DIS1007",
        span,
        `The file ends where ${expected} was expected.`,
        RULE_HINTS[rule],
      );
    return diag(
      "DIS1001",
      span,
      `Expected ${expected} but found ${describe(found)}.`,
      RULE_HINTS[rule],
    );
  }
  if (payload?.kind === "noAlt") {
    const expected =
      rule === "names"
        ? "a name or a parenthesised list of names like `(c, s)`"
        : rule === "wiring"
          ? "a likelihood such as `bernoulli` or `gaussian(variance: learned)`"
          : VALUE_RULES.has(rule)
            ? "a value (a number, string, name, list or call)"
            : "something else";
    if (atEof) return diag("DIS1007", span, `The file ends where ${expected} was expected.`);
    const hint =
      tokenMatcher(found, T.AnyName) && !tokenMatcher(found, T.RefName)
        ? `\`${found.image}\` is a keyword and cannot be used as a value.`
        : RULE_HINTS[rule];
    return diag("DIS1001", span, `Expected ${expected} but found ${describe(found)}.`, hint);
  }
  if (atEof) return diag("DIS1007", span, "The file ends unexpectedly.");
  return diag("DIS1001", span, `Unexpected ${describe(found)}.`, RULE_HINTS[rule]);
}

/** Where skipped input was found. */
export type JunkContext =
  | { readonly kind: "top" }
  | { readonly kind: "item" }
  | { readonly kind: "entry"; readonly block: EntryBlockWord };

/** The blocks that hold `key: value` entries. */
export type EntryBlockWord = "train" | "evaluate" | "study" | "grid";

/** The diagnostic for input skipped by a junk rule (`tokens` non-empty, in source order). */
export function junkDiagnostic(
  tokens: readonly IToken[],
  context: JunkContext,
  ctx: SyntaxContext,
): Diagnostic {
  const first = tokens[0]!;
  const span = spanAt(ctx, first);
  const word = first.image;
  const isWord = /^[A-Za-z_]\w*$/.test(word);
  if (context.kind === "top") {
    if (first.tokenType === T.RBrace)
      return diag(
        "DIS1001",
        span,
        "Unexpected `}` outside any model.",
        "remove it, or check the braces above.",
      );
    const guess = isWord ? closest(word, ["model", "use"]) : undefined;
    return diag(
      "DIS1001",
      span,
      `Expected \`model\` or \`use\` but found ${describe(first)}.`,
      guess
        ? `did you mean \`${guess}\`?`
        : 'a file holds `use "…"` lines and `model NAME { … }` blocks.',
    );
  }
  if (context.kind === "item") {
    const guess = isWord ? closest(word, ITEM_WORDS) : undefined;
    const hint = guess
      ? `did you mean \`${guess}\`?`
      : isWord && tokens[1]?.tokenType === T.Colon
        ? "entries like `steps: 300k` belong inside `train { … }`."
        : undefined;
    return diag(
      "DIS1006",
      span,
      `Expected an item of a model (data, latent, encoder, loss, train, …) but found ${describe(first)}.`,
      hint,
    );
  }
  const second = tokens[1];
  let hint: string | undefined;
  if (tokenMatcher(first, T.Identifier) && second && !tokenMatcher(second, T.Colon))
    hint = `write \`${word}: …\` with a colon.`;
  else if (tokenMatcher(first, T.AnyName) && !tokenMatcher(first, T.Identifier))
    hint = `\`${word}\` is a keyword and cannot be an entry key.`;
  return diag(
    "DIS1001",
    span,
    `Expected an entry \`key: value\` in the \`${context.block}\` block but found ${describe(first)}.`,
    hint,
  );
}

/** The diagnostic for `evaluate 10k { … }` (the period without `every`). */
export function missingEveryDiagnostic(span: Span): Diagnostic {
  return diag(
    "DIS1001",
    span,
    "Expected `every` before the evaluation period.",
    "write `evaluate every 10k { … }`.",
  );
}

/** The diagnostic for a `use` line after the first model. */
export function lateUseDiagnostic(span: Span): Diagnostic {
  return diag(
    "DIS1001",
    span,
    "A `use` line must come before the first `model`.",
    "move it to the top of the file.",
  );
}

/**
 * Merge lexer, parser and junk diagnostics into the list a user sees: sorted by position, at
 * most one per start offset; of the parser's, only the first on each line (the rest of a line
 * after a syntax error is mostly its echo), none at the end of a file that an unterminated
 * comment or string swallowed; at most `limit` in all.
 */
export function finalizeDiagnostics(
  lexical: readonly Diagnostic[],
  syntax: readonly Diagnostic[],
  truncated: boolean,
  textLength: number,
  limit = 50,
): Diagnostic[] {
  const lines = new Set<number>();
  const kept = [...syntax]
    .sort((a, b) => a.span.start.offset - b.span.start.offset)
    .filter((d) => {
      if (truncated && (d.code === "DIS1007" || d.span.start.offset >= textLength)) return false;
      if (lines.has(d.span.start.line)) return false;
      lines.add(d.span.start.line);
      return true;
    });
  const all = [...lexical, ...kept].sort((a, b) => a.span.start.offset - b.span.start.offset);
  const out: Diagnostic[] = [];
  const seen = new Set<number>();
  for (const d of all) {
    if (seen.has(d.span.start.offset)) continue;
    seen.add(d.span.start.offset);
    out.push(d);
  }
  return out.slice(0, limit);
}
