/**
 * The sign with which each term enters the loss: `a - 35 * b` adds a and subtracts b, so
 * minimising the loss maximises b. Constant factors (numbers and arithmetic on them) decide the
 * sign; a schedule counts as positive; a term multiplied by another term, raised to a power or
 * inside `abs` has no sign here.
 */
import type { Expr } from "../../grammar/ast.js";
import type { CheckedModel } from "./types.js";

/** The value of a constant expression (numbers and arithmetic on them), or undefined. */
function constant(e: Expr): number | undefined {
  if (e.kind === "Number") return e.value;
  if (e.kind === "Unary") {
    const v = constant(e.operand);
    return v === undefined ? undefined : -v;
  }
  if (e.kind !== "Binary") return undefined;
  const l = constant(e.left);
  const r = constant(e.right);
  if (l === undefined || r === undefined) return undefined;
  const v = { "+": l + r, "-": l - r, "*": l * r, "/": l / r, "^": l ** r }[e.op];
  return Number.isFinite(v) ? v : undefined;
}

/** The sign of a factor that holds no term: a constant's, +1 for a schedule, 0 when unknown. */
function factorSign(m: CheckedModel, e: Expr): number {
  const c = constant(e);
  if (c !== undefined) return Math.sign(c);
  if (e.kind === "Call" && m.lossCalls.get(e)?.kind === "schedule") return 1;
  if (e.kind === "Unary") return -factorSign(m, e.operand);
  if (e.kind === "Binary" && (e.op === "*" || e.op === "/"))
    return factorSign(m, e.left) * factorSign(m, e.right);
  return 0;
}

/** True when `e` holds a loss term. */
function hasTerm(m: CheckedModel, e: Expr): boolean {
  if (e.kind === "Call") return m.lossCalls.get(e)?.kind !== "schedule";
  if (e.kind === "Binary") return hasTerm(m, e.left) || hasTerm(m, e.right);
  if (e.kind === "Unary") return hasTerm(m, e.operand);
  return false;
}

/**
 * The sign (+1, −1, or 0 when it cannot be told) with which each term of `m` enters its loss,
 * by term index (m.terms).
 */
export function termSigns(m: CheckedModel): Map<number, number> {
  const out = new Map<number, number>();
  const walk = (e: Expr, sign: number): void => {
    switch (e.kind) {
      case "Call": {
        const meaning = m.lossCalls.get(e);
        if (meaning?.kind === "term") out.set(meaning.index, sign);
        else if (meaning?.kind === "abs") for (const a of e.args) walk(a.value, 0);
        return;
      }
      case "Unary":
        walk(e.operand, -sign);
        return;
      case "Binary": {
        if (e.op === "+" || e.op === "-") {
          walk(e.left, sign);
          walk(e.right, e.op === "-" ? -sign : sign);
        } else if (e.op === "*" && !hasTerm(m, e.left)) {
          walk(e.right, sign * factorSign(m, e.left));
        } else if ((e.op === "*" || e.op === "/") && !hasTerm(m, e.right)) {
          walk(e.left, sign * factorSign(m, e.right));
        } else {
          walk(e.left, 0);
          walk(e.right, 0);
        }
        return;
      }
      default:
        return;
    }
  };
  if (m.lossExpr) walk(m.lossExpr, 1);
  return out;
}
