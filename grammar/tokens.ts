/**
 * The `.dis` lexer (Chevrotain 11). Token set per docs/language.md § Lexical.
 *
 * Keywords are reserved, but a few token categories let the parser accept them where a name is
 * unambiguous: `RoleKeyword`s (encoder, discriminator, …) may be referenced as values and
 * qualifiers (`optimizer discriminator: …`), and any keyword may be an argument name
 * (`over: 100k steps`). The unit words and `x` are identifiers with an extra category, so
 * `steps: 300k` still works as a train entry.
 *
 * Lexical errors never stop the lexer: an unterminated string still yields a string token and
 * a malformed number a number token (both with a diagnostic), so the parser does not cascade.
 */
import { createToken, Lexer, type ILexerConfig, type IToken, type TokenType } from "chevrotain";
import type { Diagnostic } from "../compiler/diagnostics/types.js";
import { ROLE_NAMES } from "../stdlib/backbones/index.js";
import type { Span } from "./ast.js";

const NA = Lexer.NA;

// --- abstract categories -------------------------------------------------------------------
/** Any token that may be an argument name (identifiers and every keyword). */
export const AnyName = createToken({ name: "AnyName", pattern: NA, label: "a name" });
/** Tokens usable as a reference in expressions, wiring and entry qualifiers. */
export const RefName = createToken({
  name: "RefName",
  pattern: NA,
  categories: [AnyName],
  label: "a name",
});
export const RoleKeyword = createToken({
  name: "RoleKeyword",
  pattern: NA,
  categories: [RefName],
  label: "a network role",
});
export const VarRoleKeyword = createToken({
  name: "VarRoleKeyword",
  pattern: NA,
  categories: [AnyName],
  label: "`latent`, `noise` or `code`",
});
export const Unit = createToken({ name: "Unit", pattern: NA, label: "a unit" });

// --- trivia --------------------------------------------------------------------------------
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\v]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: /\/\/[^\r\n]*/,
  group: Lexer.SKIPPED,
});
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** Reported as DIS1004; kept out of the parser's token stream. */
export const UnterminatedComment = createToken({
  name: "UnterminatedComment",
  pattern: /\/\*[\s\S]*/,
  group: "invalid",
  line_breaks: true,
});

// --- literals ------------------------------------------------------------------------------
export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [RefName],
  label: "a name",
});
export const StringLit = createToken({
  name: "StringLit",
  pattern: /"(?:[^"\\\r\n]|\\.)*"/,
  label: "a string",
});
/** A string missing its closing quote (to the end of the line); DIS1004, parsed as a string. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\.)*/,
  categories: [StringLit],
});
export const NumberLit = createToken({
  name: "NumberLit",
  pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?[kM]?(?![A-Za-z0-9_.])/,
  label: "a number",
});
/** Digits run together with letters or dots (`1.2.3`, `5e`, `4x4`); DIS1005, parsed as a number. */
export const MalformedNumber = createToken({
  name: "MalformedNumber",
  pattern: /\.?\d(?:[eE][+-]|[A-Za-z0-9_.])*/,
  categories: [NumberLit],
});

// --- keywords ------------------------------------------------------------------------------
function keyword(word: string, categories: TokenType[] = [AnyName], name?: string): TokenType {
  return createToken({
    name: name ?? word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories,
    label: `\`${word}\``,
  });
}
export const Use = keyword("use");
export const Model = keyword("model");
export const Data = keyword("data");
export const Latent = keyword("latent", [VarRoleKeyword]);
export const Noise = keyword("noise", [VarRoleKeyword]);
export const Code = keyword("code", [VarRoleKeyword]);
/** One token per network role of the backbone definitions (stdlib/backbones/), in their order. */
export const RoleTokens: readonly TokenType[] = ROLE_NAMES.map((r) => keyword(r, [RoleKeyword]));
export const Scm = keyword("scm");
export const Over = keyword("over");
export const Loss = keyword("loss");
export const Train = keyword("train");
export const Evaluate = keyword("evaluate");
export const Every = keyword("every");
export const Param = keyword("param");
export const Study = keyword("study");
/** Unit words are identifiers too (`steps: 300k`). */
export const Steps = keyword("steps", [Identifier, Unit]);
export const Nats = keyword("nats", [Identifier, Unit]);
export const Epochs = keyword("epochs", [Identifier, Unit]);
/** `x` between numbers forms a shape; elsewhere it is the identifier `x`. */
export const Cross = keyword("x", [Identifier], "Cross");

// --- punctuation ---------------------------------------------------------------------------
function punct(name: string, image: string): TokenType {
  const pattern = new RegExp(image.replace(/[-/\\^$*+?.()|[\]{}]/g, "\\$&"));
  return createToken({ name, pattern, label: `\`${image}\`` });
}
export const LBrace = punct("LBrace", "{");
export const RBrace = punct("RBrace", "}");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const Comma = punct("Comma", ",");
export const Semi = punct("Semi", ";");
export const Colon = punct("Colon", ":");
export const Equals = punct("Equals", "=");
export const Tilde = punct("Tilde", "~");
export const Arrow = punct("Arrow", "->");
export const Plus = punct("Plus", "+");
export const Minus = punct("Minus", "-");
export const Star = punct("Star", "*");
export const Slash = punct("Slash", "/");
export const Caret = punct("Caret", "^");

/** Every token type, in lexer priority order (first match wins). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLit,
  UnterminatedString,
  NumberLit,
  MalformedNumber,
  Use,
  Model,
  Data,
  Latent,
  Noise,
  Code,
  ...RoleTokens,
  Scm,
  Over,
  Loss,
  Train,
  Evaluate,
  Every,
  Param,
  Study,
  Steps,
  Nats,
  Epochs,
  Cross,
  Identifier,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Semi,
  Colon,
  Equals,
  Tilde,
  Arrow,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  AnyName,
  RefName,
  RoleKeyword,
  VarRoleKeyword,
  Unit,
];

/** Category of every concrete token the parser sees; used to skip unparseable input. */
export const Anything = createToken({ name: "Anything", pattern: NA, label: "any token" });
for (const t of allTokens) {
  if (t.PATTERN === NA || t.GROUP === Lexer.SKIPPED || t.GROUP === "invalid") continue;
  const cats = t.CATEGORIES ?? [];
  t.CATEGORIES = [...cats, Anything];
}
allTokens.push(Anything);

/**
 * The lexer's options. Its token validations (unreachable patterns, …) run in
 * test/grammar/validations.test.ts instead of at every start of disc.
 */
export const LEXER_OPTIONS = {
  positionTracking: "full",
  ensureOptimizations: false,
  skipValidations: true,
} as const satisfies ILexerConfig;

const lexer = new Lexer(allTokens, LEXER_OPTIONS);

/** Span of a Chevrotain token (end exclusive). Inserted (NaN) tokens yield undefined. */
export function tokenSpan(tok: IToken): Span | undefined {
  if (!Number.isFinite(tok.startOffset)) return undefined;
  const start = { offset: tok.startOffset, line: tok.startLine ?? 1, column: tok.startColumn ?? 1 };
  let line = start.line;
  let column = start.column;
  const img = tok.image;
  for (let i = 0; i < img.length; i++) {
    const c = img.charCodeAt(i);
    if (c === 10 || (c === 13 && img.charCodeAt(i + 1) !== 10)) {
      line++;
      column = 1;
    } else column++;
  }
  return { start, end: { offset: tok.startOffset + img.length, line, column } };
}

/**
 * A function from 0-based offsets in `text` to 1-based line/column positions that walks forward
 * from the previous answer, so a sequence of increasing offsets costs one pass over `text`.
 */
export function positioner(
  text: string,
): (offset: number) => { offset: number; line: number; column: number } {
  let at = 0;
  let line = 1;
  let column = 1;
  return (offset) => {
    if (offset < at) {
      at = 0;
      line = 1;
      column = 1;
    }
    for (; at < offset && at < text.length; at++) {
      const c = text.charCodeAt(at);
      if (c === 10 || (c === 13 && text.charCodeAt(at + 1) !== 10)) {
        line++;
        column = 1;
      } else column++;
    }
    return { offset, line, column };
  };
}

/** Line/column of a 0-based offset in `text` (1-based line and column). */
export function positionAt(
  text: string,
  offset: number,
): { offset: number; line: number; column: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      col = 1;
    } else col++;
  }
  return { offset, line, column: col };
}

function lexDiagnostic(
  code: "DIS1003" | "DIS1004" | "DIS1005" | "DIS1012",
  span: Span,
  message: string,
  hint?: string,
): Diagnostic {
  return hint === undefined
    ? { code, severity: "error", span, message }
    : { code, severity: "error", span, message, hint };
}

function unknownCharHint(ch: string): string | undefined {
  if (ch === "'") return 'strings use double quotes: "…".';
  if (ch === "#") return "comments start with `//`.";
  if (ch === "*" || ch === "|") return undefined;
  return "allowed punctuation is { } ( ) [ ] , ; : = ~ -> + - * / ^.";
}

/** Result of {@link lexDis}: Chevrotain tokens for the parser plus lexical diagnostics. */
export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
  /** True when an unterminated comment or string swallowed the end of the file. */
  readonly truncated: boolean;
}

/**
 * Lex `.dis` text into Chevrotain tokens. Never throws; problems become DIS1003 (unknown
 * character), DIS1004 (unterminated string or comment), DIS1005 (malformed number) and DIS1012
 * (a number too large for a float64, such as `1e309`: it would be Infinity).
 */
export function lexDis(text: string): LexResult {
  const res = lexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  let truncated = false;
  const at = positioner(text);
  for (const e of res.errors) {
    const start = at(e.offset);
    const len = Math.max(1, e.length);
    const end = at(e.offset + len);
    const chars = text.slice(e.offset, e.offset + len);
    const shown = chars.length > 12 ? `${chars.slice(0, 12)}…` : chars;
    diagnostics.push(
      lexDiagnostic(
        "DIS1003",
        { start, end },
        len === 1 ? `Unknown character \`${shown}\`.` : `Unknown characters \`${shown}\`.`,
        unknownCharHint(chars[0]!),
      ),
    );
  }
  for (const tok of res.groups["invalid"] ?? []) {
    const span = tokenSpan(tok)!;
    truncated = true;
    diagnostics.push(
      lexDiagnostic("DIS1004", span, "This block comment is never closed.", "close it with `*/`."),
    );
  }
  for (const tok of res.tokens) {
    if (tok.tokenType === UnterminatedString) {
      if (tok.endOffset! + 1 >= text.length) truncated = true;
      diagnostics.push(
        lexDiagnostic(
          "DIS1004",
          tokenSpan(tok)!,
          "This string is never closed.",
          'end it with `"` on the same line.',
        ),
      );
    } else if (tok.tokenType === MalformedNumber) {
      const hint = /^\d+x\d/.test(tok.image)
        ? `write a shape with spaces: \`${tok.image.replace(/x/g, " x ")}\`.`
        : "numbers look like `64`, `0.5`, `5e-4`, `300k` or `1.5M`.";
      diagnostics.push(
        lexDiagnostic("DIS1005", tokenSpan(tok)!, `\`${tok.image}\` is not a valid number.`, hint),
      );
    } else if (tok.tokenType === NumberLit && !Number.isFinite(numberValue(tok.image))) {
      diagnostics.push(
        lexDiagnostic(
          "DIS1012",
          tokenSpan(tok)!,
          `\`${tok.image}\` is too large: numbers go up to about 1.8e308.`,
          "write a number that fits, such as `1e300`.",
        ),
      );
    }
  }
  diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { tokens: res.tokens, diagnostics, truncated };
}

/** A token as returned by {@link tokenize}: type name, source text, 1-based line/column, 0-based offset. */
export interface Token {
  readonly type: string;
  readonly image: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/**
 * Tokenize `.dis` text (comments and whitespace dropped). Never throws; see {@link lexDis}
 * for the diagnostics it returns.
 */
export function tokenize(text: string): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const { tokens, diagnostics } = lexDis(text);
  return {
    tokens: tokens.map((t) => ({
      type: t.tokenType.name,
      image: t.image,
      line: t.startLine ?? 1,
      column: t.startColumn ?? 1,
      offset: t.startOffset,
    })),
    diagnostics,
  };
}

/** Numeric value of a number token's text: `300k` → 300000, `1.5M` → 1500000, malformed → NaN. */
export function numberValue(image: string): number {
  const m = /^((?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)([kM]?)$/.exec(image);
  if (!m) return NaN;
  const shift = m[2] === "k" ? 3 : m[2] === "M" ? 6 : 0;
  if (shift === 0) return Number(m[1]);
  // Shift the decimal exponent instead of multiplying, so `1.1k` is exactly 1100.
  const [mantissa, exponent] = m[1]!.toLowerCase().split("e");
  return Number(`${mantissa}e${Number(exponent ?? 0) + shift}`);
}
