/**
 * Comments inside one item (between its tokens, such as after each term of a multi-line `loss`)
 * stay attached to the token they follow. The printer prints an item from its AST, so such a
 * comment is placed by counting tokens: the k-th token of the source item is the k-th token of
 * the printed lines, once the punctuation the printer may add or drop (parentheses, commas) is
 * left out of the count.
 *
 * A `/* … *\/` comment on one line goes in place; a `//` comment ends its line (the rest moves to
 * a continuation line aligned after the open parenthesis, as line wrapping does); a comment on its
 * own line in the source goes on its own line when the token it follows ends a printed line.
 */
import { tokenize, type Token } from "../../grammar/tokens.js";
import type { Comment } from "./comments.js";

const PUNCT = new Set(["(", ")", ",", "[", "]"]);
const counted = (t: Token) => !PUNCT.has(t.image);

/** Where a token ends in the printed lines: line index and column after it. */
interface Place {
  line: number;
  col: number;
}

/** Tokens of the printed lines with their line index. */
function printedTokens(lines: readonly string[]): { tok: Token; line: number }[] {
  return lines.flatMap((l, line) => tokenize(l).tokens.map((tok) => ({ tok, line })));
}

/**
 * Where the comment `c` goes: after the printed counterpart of the counted source token before
 * it, then past the punctuation that followed that token in the source (as far as the printed
 * text has the same). `next` is where the following counted token starts, when there is one.
 */
function placeOf(
  lines: readonly string[],
  source: readonly Token[],
  c: Comment,
): { after: Place; next?: Place } | undefined {
  const before = source.filter((t) => t.offset < c.start);
  const k = before.filter(counted).length;
  if (k === 0) return undefined;
  const punct: string[] = [];
  for (let i = before.length - 1; i >= 0 && !counted(before[i]!); i--)
    punct.unshift(before[i]!.image);
  const printed = printedTokens(lines);
  let seen = 0;
  let i = printed.findIndex((p) => counted(p.tok) && ++seen === k);
  if (i < 0) return undefined;
  for (const p of punct) {
    const n = printed[i + 1];
    if (n === undefined || n.tok.image !== p || n.line !== printed[i]!.line) break;
    i++;
  }
  const at = printed[i]!;
  const after = { line: at.line, col: at.tok.column - 1 + at.tok.image.length };
  const following = printed.slice(i + 1).find((p) => counted(p.tok));
  return {
    after,
    ...(following ? { next: { line: following.line, col: following.tok.column - 1 } } : {}),
  };
}

/** The column after the innermost bracket still open at `col` of `line`, or -1. */
function openBracket(line: string, col: number): number {
  const open: number[] = [];
  for (const t of tokenize(line.slice(0, col)).tokens) {
    if (t.image === "(" || t.image === "[") open.push(t.column);
    else if (t.image === ")" || t.image === "]") open.pop();
  }
  return open.length > 0 ? open[open.length - 1]! : -1;
}

/**
 * Places the comments that lie inside an item (source offsets `itemStart` on) into its printed
 * lines. `continuation` indents a line split off where no bracket is open.
 */
export function placeInteriorComments(
  lines: readonly string[],
  src: string,
  itemStart: number,
  itemEnd: number,
  comments: readonly Comment[],
  continuation: string,
): string[] {
  if (comments.length === 0) return [...lines];
  const source = tokenize(src.slice(0, itemEnd)).tokens.filter((t) => t.offset >= itemStart);
  const out = [...lines];
  // last first, so that comments after the same token keep their source order
  for (const c of [...comments].reverse()) {
    const place = placeOf(out, source, c);
    const text = c.text;
    if (place === undefined) {
      out.unshift(text);
      continue;
    }
    const { after, next } = place;
    const line = out[after.line]!;
    const head = line.slice(0, after.col);
    const rest = line.slice(after.col).trimStart();
    const endsLine = text.startsWith("//") || text.includes("\n");
    if (c.ownLine && rest === "" && next !== undefined && next.line !== after.line) {
      // an own-line comment before a printed line that starts with the token it precedes
      const target = out[next.line]!;
      const indent = target.slice(0, target.length - target.trimStart().length);
      out.splice(next.line, 0, `${indent}${text}`);
    } else if (!endsLine) {
      const gap = head.endsWith("(") || head.endsWith("[") ? "" : " ";
      const tail = rest === "" || /^[),\]]/.test(rest) ? rest : ` ${rest}`;
      out[after.line] = `${head}${gap}${text}${tail}`;
    } else if (rest === "") {
      out[after.line] = `${head} ${text}`;
    } else {
      const open = openBracket(line, after.col);
      const indent = open >= 0 ? " ".repeat(open) : continuation;
      out.splice(after.line, 1, `${head} ${text}`, `${indent}${rest}`);
    }
  }
  return out;
}
