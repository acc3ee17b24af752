/**
 * `disc fmt`: the canonical layout of a `.dis` file, printed from the AST. Comments are kept
 * attached to the token they follow: one on its own line goes before the nearest following item
 * (or at the end of its block), one on the same line after an item or a `{` stays there, and one
 * inside an item (after a term of a multi-line loss, inside an argument list) stays after its
 * token (interior-comments.ts). One blank line between items is kept where the source
 * had one or more. Two-space indentation; a loss longer than the line width breaks before each
 * top-level `+`/`-`. Idempotent: formatting formatted text changes nothing. No I/O.
 */
import { parse } from "../../grammar/index.js";
import type { Entry, ModelDecl, ModelItem, Program } from "../../grammar/ast.js";
import type { Diagnostic } from "../diagnostics/types.js";
import { scanComments, type Comment } from "./comments.js";
import { placeInteriorComments } from "./interior-comments.js";
import { printArgs, printCall, printExpr, printString, sumPieces, wrapArgs } from "./print-expr.js";

/** Lines longer than this are broken where the layout allows (only the loss, today). */
export const LINE_WIDTH = 100;
const INDENT = "  ";

export interface FormatResult {
  /** The formatted text; undefined when the input has syntax errors (it is never reformatted). */
  readonly text?: string;
  /** The syntax errors that stopped formatting. */
  readonly diagnostics: Diagnostic[];
}

/** Formats `text`; refuses (returns the syntax diagnostics) when it does not parse cleanly. */
export function formatDis(text: string, fileName = "input.dis"): FormatResult {
  const { ast, diagnostics } = parse(text, fileName);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) return { diagnostics: errors };
  return { text: new Printer(text).program(ast), diagnostics: [] };
}

class Printer {
  private readonly out: string[] = [];
  private readonly comments: Comment[];
  private next = 0;
  /** Offset just after the last thing printed (item or comment), for blank-line detection. */
  private last = -1;

  constructor(private readonly src: string) {
    this.comments = scanComments(src);
  }

  program(p: Program): string {
    for (const u of p.uses)
      this.item(u.span.start.offset, u.span.end.offset, "", () => [
        `use ${printString(u.path.value)}`,
      ]);
    for (const m of p.models)
      this.item(m.span.start.offset, m.span.end.offset, "", () => this.model(m));
    this.leading(this.src.length, "");
    while (this.out.length > 0 && this.out[this.out.length - 1] === "") this.out.pop();
    return this.out.length === 0 ? "" : `${this.out.join("\n")}\n`;
  }

  /** Prints comments that start before `offset` (not yet printed), each on its own line. */
  private leading(offset: number, indent: string): void {
    while (this.next < this.comments.length && this.comments[this.next]!.start < offset) {
      const c = this.comments[this.next++]!;
      this.blankBefore(c.start);
      const lines = c.text.split(/\r?\n/);
      // re-indent a block comment's first line only; its inner lines are kept as written
      this.out.push(`${indent}${lines[0]}`, ...lines.slice(1));
      this.last = c.end;
    }
  }

  /** A blank line before something at `offset` when the source had one since the last thing printed. */
  private blankBefore(offset: number): void {
    const prev = this.out[this.out.length - 1];
    if (this.last < 0 || prev === undefined || prev === "" || prev.endsWith("{")) return;
    if (/\n[ \t\r]*\n/.test(this.src.slice(this.last, offset))) this.out.push("");
  }

  /**
   * A comment right after `end` on the same line (nothing but spaces between), printed as a
   * trailing comment; one that follows a later token belongs to that token.
   */
  private trailing(end: number): string {
    const c = this.comments[this.next];
    if (c === undefined || c.start < end || c.ownLine || c.text.includes("\n")) return "";
    if (!/^[ \t]*$/.test(this.src.slice(end, c.start))) return "";
    this.next++;
    this.last = c.end;
    return ` ${c.text}`;
  }

  /** The comments not printed yet that start before `end` (inside the item just printed). */
  private inside(end: number): Comment[] {
    const from = this.next;
    while (this.next < this.comments.length && this.comments[this.next]!.start < end) this.next++;
    return this.comments.slice(from, this.next);
  }

  /** Prints one item: its leading comments, its lines (indented), a trailing comment. */
  private item(start: number, end: number, indent: string, lines: () => string[]): void {
    this.leading(start, indent);
    this.blankBefore(start);
    const printed = lines().flatMap((l) => wrapArgs(l, LINE_WIDTH - indent.length));
    const body = placeInteriorComments(printed, this.src, start, end, this.inside(end), INDENT);
    this.last = end;
    const trail = this.trailing(end);
    body.forEach((l, i) =>
      this.out.push(l === "" ? "" : `${indent}${l}${i === body.length - 1 ? trail : ""}`),
    );
  }

  /** A `{ … }` block: `head {`, the children (via `each`), comments left inside, `}`. */
  private block(
    head: string,
    span: { start: { offset: number }; end: { offset: number } },
    indent: string,
    each: (indent: string) => void,
  ): string[] {
    const end = span.end.offset;
    const brace = this.braceAfter(span.start.offset);
    const start = span.start.offset;
    const lines = placeInteriorComments(
      [`${head} {`],
      this.src,
      start,
      brace + 1,
      this.inside(brace),
      INDENT,
    );
    lines[lines.length - 1] += this.trailing(brace + 1);
    this.out.push(...lines.map((l) => `${indent}${l}`));
    this.last = -1;
    each(indent + INDENT);
    this.leading(end - 1, indent + INDENT);
    return [`}`];
  }

  /** The offset of the first `{` at or after `offset` that is not inside a comment. */
  private braceAfter(offset: number): number {
    let at = this.src.indexOf("{", offset);
    for (const c of this.comments)
      if (c.start <= at && at < c.end) at = this.src.indexOf("{", c.end);
    return at;
  }

  private model(m: ModelDecl): string[] {
    return this.block(`model ${m.name.name}`, m.span, "", (indent) => {
      for (const it of m.items)
        this.item(it.span.start.offset, it.span.end.offset, indent, () =>
          this.modelItem(it, indent),
        );
    });
  }

  private entries(entries: readonly Entry[], indent: string): void {
    for (const e of entries) {
      const key = e.qualifier ? `${e.key.name} ${e.qualifier.name}` : e.key.name;
      this.item(e.span.start.offset, e.span.end.offset, indent, () => [
        `${key}: ${printExpr(e.value)}`,
      ]);
    }
  }

  /** True when the source has `(` right after `offset` (so `conv64()` keeps its parentheses). */
  private parenAfter(offset: number): boolean {
    return /^\s*\(/.test(this.src.slice(offset, offset + 200));
  }

  private modelItem(it: ModelItem, indent: string): string[] {
    switch (it.kind) {
      case "Data":
        return [
          `data ${it.dataset.name}${it.args.length > 0 || this.parenAfter(it.dataset.span.end.offset) ? printArgs(it.args) : ""}`,
        ];
      case "Variable":
        return [
          `${it.role} ${it.name.name} ~ ${printCall(it.distribution, !this.parenAfter(it.distribution.callee.span.end.offset))}`,
        ];
      case "Network": {
        const names = (ns: readonly { name: string }[]): string =>
          ns.length === 1 ? ns[0]!.name : `(${ns.map((n) => n.name).join(", ")})`;
        const head = `${it.role} ${it.name ? `${it.name.name} = ` : ""}${it.arch.name}`;
        const args =
          it.args.length > 0 || this.parenAfter(it.arch.span.end.offset) ? printArgs(it.args) : "";
        const lik = it.likelihood
          ? ` ~ ${printCall(it.likelihood, !this.parenAfter(it.likelihood.callee.span.end.offset))}`
          : "";
        return [`${head}${args}: ${names(it.inputs)} -> ${names(it.outputs)}${lik}`];
      }
      case "Scm":
        return [
          `scm ${it.name.name} over ${it.over.name}${it.args.length > 0 ? ` ${printArgs(it.args)}` : ""}`,
        ];
      case "Loss": {
        // keep the source's line breaks between terms; a line that is too long breaks
        // before every term; continuation lines put the operator under the `=`
        const pieces = sumPieces(it.expr, this.src);
        const one = `loss = ${printExpr(it.expr)}`;
        const breakAll = !pieces.some((p) => p.broken) && indent.length + one.length > LINE_WIDTH;
        const lines: string[] = [];
        for (const [i, p] of pieces.entries()) {
          if (i === 0) lines.push(`loss = ${p.text}`);
          else if (p.broken || breakAll) lines.push(`     ${p.text}`);
          else lines[lines.length - 1] += ` ${p.text}`;
        }
        return lines.flatMap((l) => wrapArgs(l, LINE_WIDTH - indent.length));
      }
      case "Train":
        return this.block("train", it.span, indent, (inner) => this.entries(it.entries, inner));
      case "Evaluate": {
        const head = it.every ? `evaluate every ${printExpr(it.every)}` : "evaluate";
        return this.block(head, it.span, indent, (inner) => this.entries(it.entries, inner));
      }
      case "Param":
        return [`param ${it.name.name} = ${printExpr(it.value)}`];
      case "Study":
        return this.block("study", it.span, indent, (inner) => {
          for (const x of it.items) {
            if (x.kind === "Entry") this.entries([x], inner);
            else
              this.item(x.span.start.offset, x.span.end.offset, inner, () =>
                this.block("grid", x.span, inner, (axes) => this.entries(x.entries, axes)),
              );
          }
        });
    }
  }
}
