/**
 * Renders diagnostics the way tsc and stanc do:
 *
 *   spec.dis:11:28 - error DIS2001: Unknown penalty `total_corelation`.
 *
 *   11   loss = recon(x) + 6.0 * total_corelation(z)
 *                                ^~~~~~~~~~~~~~~~
 *     hint: did you mean `total_correlation`?
 *
 *     spec.dis:6:10 - `z` is declared here.
 *       6   latent z ~ normal(10)
 *                  ^
 *
 * followed by a summary line ("Found 2 errors and 1 warning."). Color (picocolors) is optional.
 */
import pc from "picocolors";
import type { Span } from "../../grammar/ast.js";
import type { Diagnostic } from "./types.js";

export interface RenderOptions {
  /** ANSI colors; default false. */
  readonly color?: boolean;
  /** Append "Found N errors." ; default true. */
  readonly summary?: boolean;
}

interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  gray(s: string): string;
  bold(s: string): string;
}
const plain: Paint = { red: id, yellow: id, cyan: id, gray: id, bold: id };
function id(s: string): string {
  return s;
}

/** Splits source text into lines (without their terminators). */
function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The excerpt of one span: the line with its number, and a caret/tilde marker under the span. */
function excerpt(
  lines: readonly string[],
  span: Span,
  indent: string,
  p: Paint,
  mark: (s: string) => string,
): string {
  const lineNo = Math.max(1, span.start.line);
  const raw = lines[lineNo - 1];
  if (raw === undefined) return "";
  const line = raw.replace(/\t/g, " ");
  const gutter = String(lineNo);
  const startCol = Math.max(1, Math.min(span.start.column, line.length + 1));
  const endCol =
    span.end.line === span.start.line ? Math.max(startCol + 1, span.end.column) : line.length + 1;
  const width = Math.max(1, Math.min(endCol, Math.max(line.length + 1, startCol + 1)) - startCol);
  const marker = "^" + "~".repeat(width - 1);
  const pad = " ".repeat(gutter.length);
  return (
    `${indent}${p.gray(gutter)}   ${line}\n` +
    `${indent}${pad}   ${" ".repeat(startCol - 1)}${mark(marker)}\n`
  );
}

function location(fileName: string, span: Span): string {
  return `${fileName}:${span.start.line}:${span.start.column}`;
}

/** Renders one diagnostic (no trailing summary). */
export function renderDiagnostic(
  d: Diagnostic,
  text: string,
  fileName: string,
  opts: RenderOptions = {},
): string {
  return renderWithLines(d, splitLines(text), fileName, opts);
}

/** {@link renderDiagnostic} over the file's lines, split once for all its diagnostics. */
function renderWithLines(
  d: Diagnostic,
  lines: readonly string[],
  fileName: string,
  opts: RenderOptions,
): string {
  const p: Paint = opts.color ? pc : plain;
  const sev = d.severity === "error" ? p.red("error") : p.yellow("warning");
  const mark = d.severity === "error" ? p.red : p.yellow;
  let out = `${p.cyan(location(fileName, d.span))} - ${sev} ${p.gray(d.code)}: ${d.message}\n\n`;
  out += excerpt(lines, d.span, "", p, mark);
  if (d.hint !== undefined) out += `  ${p.bold("hint")}: ${d.hint}\n`;
  for (const r of d.related ?? []) {
    out += `\n  ${p.cyan(location(fileName, r.span))} - ${r.message}\n`;
    out += excerpt(lines, r.span, "    ", p, p.cyan);
  }
  return out;
}

/** "Found 2 errors and 1 warning." ("" when there is nothing). */
export function summaryLine(diags: readonly Diagnostic[]): string {
  const e = diags.filter((d) => d.severity === "error").length;
  const w = diags.length - e;
  const parts: string[] = [];
  if (e > 0) parts.push(`${e} error${e === 1 ? "" : "s"}`);
  if (w > 0) parts.push(`${w} warning${w === 1 ? "" : "s"}`);
  return parts.length === 0 ? "" : `Found ${parts.join(" and ")}.`;
}

/**
 * Renders every diagnostic of one file, separated by blank lines, plus the summary line.
 * `text` is the file's source; `fileName` is printed as given.
 */
export function renderDiagnostics(
  diags: readonly Diagnostic[],
  text: string,
  fileName: string,
  opts: RenderOptions = {},
): string {
  const lines = splitLines(text);
  const blocks = diags.map((d) => renderWithLines(d, lines, fileName, opts));
  let out = blocks.join("\n");
  if (opts.summary !== false && diags.length > 0) out += `\n${summaryLine(diags)}\n`;
  return out;
}
