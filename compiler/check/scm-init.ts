/**
 * `init: given [[…], …]` of `scm A over z (…)`: the parser reads `given [ … ]` as the call
 * `given([ … ])`; this file finds that argument and checks the matrix against the concepts
 * (DIS3017): n rows of n finite numbers (n concepts), zero diagonal — the SCM layer holds A's
 * diagonal at 0, so a self-loop in the given matrix would silently be dropped.
 */
import type { Arg, Call, Expr } from "../../grammar/ast.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { CheckContext } from "./context.js";
import { describeExpr, isPlaceholder, numericLiteral } from "./values.js";

const WORDS = ["zeros", "random"];

/**
 * The `init:` argument of an scm that the enum check of `resolveArgs` must not see: `given …`
 * (a call or the bare word), or a word other than zeros / random — reported here (DIS2013) so
 * that the message names all three forms. `reported` is true when a diagnostic was made.
 */
export function ownInitArg(
  ctx: CheckContext,
  args: readonly Arg[],
): { arg: Arg; reported: boolean } | undefined {
  const inits = args.filter((a) => a.name?.name === "init");
  const a = inits.length === 1 ? inits[0] : undefined; // twice: resolveArgs reports DIS2011
  if (a === undefined) return undefined;
  const v = a.value;
  if ((v.kind === "Call" && v.callee.name === "given") || (v.kind === "Ref" && v.name === "given"))
    return { arg: a, reported: false };
  const word = v.kind === "Ref" ? v.name : v.kind === "String" ? v.value : undefined;
  if (word === undefined || word === "" || WORDS.includes(word)) return undefined;
  ctx.report(
    "DIS2013",
    v.span,
    `\`init\` of \`scm\` must be \`zeros\`, \`random\` or \`given [[…], …]\`, not \`${word}\`.`,
    { hint: didYouMean(word, [...WORDS, "given"], 0) },
  );
  return { arg: a, reported: true };
}

/**
 * Checks the matrix of a `given` init against `concepts` (row i = the edges out of concept i).
 * Reports DIS3017 at the offending row, entry or call and returns undefined; otherwise returns
 * the matrix [n][n].
 */
export function checkGivenInit(
  ctx: CheckContext,
  scm: string,
  concepts: readonly string[],
  arg: Arg,
): number[][] | undefined {
  const n = concepts.length;
  const hint = `write ${n} rows of ${n} numbers, row i holding the edges from concept i to each concept (${concepts.join(", ")}), with 0 on the diagonal.`;
  const bad = (e: { span: Arg["span"] }, message: string, h = hint): undefined => {
    ctx.report("DIS3017", e.span, message, { hint: h });
    return undefined;
  };
  const value = arg.value;
  const matrix = value.kind === "Call" ? matrixOf(value) : undefined;
  if (matrix === undefined) {
    if (value.kind === "Call" && value.args.some((a) => isPlaceholder(a.value))) return undefined;
    return bad(
      value,
      `\`init: given\` of \`scm ${scm}\` needs the matrix itself: ${n} rows of ${n} numbers, written \`given [[…], …]\`.`,
    );
  }
  if (matrix.items.length !== n) {
    return bad(
      matrix,
      `\`init: given\` of \`scm ${scm}\` has ${matrix.items.length} rows, but \`${scm}\` has ${n} concepts.`,
    );
  }
  const out: number[][] = [];
  for (const [i, row] of matrix.items.entries()) {
    if (row.kind !== "List") {
      return bad(
        row,
        `Row ${i + 1} of \`init: given\` is ${describeExpr(row)}, not a list of ${n} numbers.`,
      );
    }
    if (row.items.length !== n) {
      return bad(
        row,
        `Row ${i + 1} of \`init: given\` (concept \`${concepts[i]}\`) has ${row.items.length} entries, but \`${scm}\` has ${n} concepts.`,
      );
    }
    const values: number[] = [];
    for (const [j, cell] of row.items.entries()) {
      const v = entryValue(cell);
      if (v === "placeholder") return undefined; // a syntax error, already reported
      const edge = `\`${concepts[i]}\` → \`${concepts[j]}\``;
      if (v === undefined || v.unit !== undefined) {
        return bad(
          cell,
          `The entry for ${edge} in \`init: given\` is ${describeExpr(cell)}, not a plain number.`,
          "write plain numbers such as `0`, `1` or `-0.5`.",
        );
      }
      // a malformed number (DIS1005) or one too large (`1e999`, DIS1012): the lexer reported it
      if (!Number.isFinite(v.value)) return undefined;
      if (i === j && v.value !== 0) {
        return bad(
          cell,
          `The entry for ${edge} in \`init: given\` is ${v.text}, but an scm has no self-loops: the layer holds A's diagonal at 0.`,
          "write 0 on the diagonal.",
        );
      }
      values.push(v.value === 0 ? 0 : v.value); // -0 → 0
    }
    out.push(values);
  }
  return out;
}

/** The one positional list argument of `given(…)`, or undefined. */
function matrixOf(c: Call): Extract<Expr, { kind: "List" }> | undefined {
  const only = c.args.length === 1 ? c.args[0] : undefined;
  return only && !only.name && only.value.kind === "List" ? only.value : undefined;
}

function entryValue(e: Expr): ReturnType<typeof numericLiteral> | "placeholder" {
  if (isPlaceholder(e)) return "placeholder";
  return numericLiteral(e);
}
