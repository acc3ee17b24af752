/**
 * Expressions and arguments of the `.dis` AST as canonical text: single spaces around binary
 * operators, `name: value` arguments, and only the parentheses precedence needs
 * (docs/language.md § Grammar: + - < * / < unary - < ^, `^` right-associative).
 */
import type { Arg, Call, Expr, NumberLit } from "../../grammar/ast.js";

const PREC: Record<string, number> = { "+": 1, "-": 1, "*": 2, "/": 2, "^": 4 };
const UNARY = 3;

function precOf(e: Expr): number {
  if (e.kind === "Binary") return PREC[e.op]!;
  if (e.kind === "Unary") return UNARY;
  return 5;
}

/** A number as written (`300k`, `1e-4`) with its unit (`100k steps`). */
export function printNumber(n: NumberLit): string {
  return n.unit ? `${n.text} ${n.unit}` : n.text;
}

/** A string literal, quoted and escaped as the lexer reads it back. */
export function printString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** `name: value` or `value`. */
export function printArg(a: Arg): string {
  return a.name ? `${a.name.name}: ${printExpr(a.value)}` : printExpr(a.value);
}

/** `(a, b: c)`. */
export function printArgs(args: readonly Arg[]): string {
  return `(${args.map(printArg).join(", ")})`;
}

/**
 * `callee(args)`; `bare` leaves out empty parentheses (e.g. `~ bernoulli` written without them).
 * `given` with one positional list is printed as written, `given [[0, 1], [0, 0]]` (scm init).
 */
export function printCall(c: Call, bare = false): string {
  const only = c.args.length === 1 ? c.args[0] : undefined;
  if (c.callee.name === "given" && only && !only.name && only.value.kind === "List")
    return `given ${printExpr(only.value)}`;
  return bare && c.args.length === 0 ? c.callee.name : `${c.callee.name}${printArgs(c.args)}`;
}

/** One expression on one line. */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case "Number":
      return printNumber(e);
    case "String":
      return printString(e.value);
    case "Ref":
      return e.name;
    case "Call":
      return printCall(e);
    case "List":
      return `[${e.items.map(printExpr).join(", ")}]`;
    case "Record":
      return printArgs(e.fields);
    case "Range":
      return `${printExpr(e.from)} -> ${printExpr(e.to)}`;
    case "Shape":
      return e.dims.map(printNumber).join(" x ");
    case "Unary": {
      const inner = printExpr(e.operand);
      // `- -x`, not `-(-x)`: parentheses would add a level of nesting the source did not have
      // (grammar/limits.ts), so a file at the nesting limit stays formattable
      if (e.operand.kind === "Unary") return `- ${inner}`;
      return `-${precOf(e.operand) < 4 ? `(${inner})` : inner}`;
    }
    case "Binary": {
      const p = PREC[e.op]!;
      const rightAssoc = e.op === "^";
      const lp = precOf(e.left);
      const rp = precOf(e.right);
      const left = printExpr(e.left);
      const right = printExpr(e.right);
      const lwrap = rightAssoc ? lp <= p : lp < p;
      // the right operand of ^ is a `unary`, so `2 ^ -1` needs no parentheses
      const rwrap = rightAssoc ? rp < UNARY : rp <= p;
      return `${lwrap ? `(${left})` : left} ${e.op} ${rwrap ? `(${right})` : right}`;
    }
  }
}

/**
 * The top-level terms of a sum: `a + b - c` → [{text:"a"}, {text:"+ b"}, {text:"- c"}], each
 * with `broken` set when the source had a line break before its operator (`src` is the text the
 * spans index). Non-sums yield one piece.
 */
export function sumPieces(e: Expr, src: string): { text: string; broken: boolean }[] {
  if (e.kind === "Binary" && (e.op === "+" || e.op === "-")) {
    const right = precOf(e.right) <= 1 ? `(${printExpr(e.right)})` : printExpr(e.right);
    const broken = src.slice(e.left.span.end.offset, e.right.span.start.offset).includes("\n");
    return [...sumPieces(e.left, src), { text: `${e.op} ${right}`, broken }];
  }
  return [{ text: printExpr(e), broken: false }];
}

/**
 * Breaks a line longer than `width` after the commas of its first argument list, aligning the
 * continuation after that list's `(`; other lines come back unchanged. Strings are respected.
 */
export function wrapArgs(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  let open = -1;
  let depth = 0;
  let best = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === "\\" ? 2 : 1;
      continue;
    }
    if (c === "(" || c === "[") {
      if (depth === 0 && c === "(" && open < 0) open = i;
      depth++;
    } else if (c === ")" || c === "]") {
      depth--;
      if (depth === 0 && open >= 0 && best >= 0) break;
      if (depth === 0 && open >= 0) open = -1;
    } else if (c === "," && depth === 1 && open >= 0 && line[i + 1] === " ") {
      if (i < width || best < 0) best = i;
      if (i >= width) break;
    }
  }
  if (open < 0 || best < 0) return [line];
  const rest = `${" ".repeat(open + 1)}${line.slice(best + 2)}`;
  return [line.slice(0, best + 1), ...wrapArgs(rest, width)];
}
