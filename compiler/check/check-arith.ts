/**
 * Arithmetic on constants in the loss: what the trainer would compute once, at step 0, from
 * numbers alone. A division by a constant 0 (DIS2022), a divisor schedule that is 0 at step 0 or
 * crosses 0 (DIS2022), and constant arithmetic that is not a finite number — `1e300 * 1e300`,
 * `10 ^ 400`, `(-1) ^ 0.5` (DIS2023) — are errors here instead of an Infinity or NaN weight in
 * the running program. Numbers too large to write (`1e309`) are the lexer's DIS1012.
 */
import type { Binary, Expr } from "../../grammar/ast.js";
import type { ScheduleDef } from "../../stdlib/types.js";
import type { CheckContext } from "./context.js";
import type { ResolvedCall } from "./types.js";
import { plainArgs } from "./values.js";

/** The value of a binary operation on two numbers, as the trainer computes it. */
export function applyBinary(op: Binary["op"], a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "^":
      return a ** b;
  }
}

/**
 * Checks one binary node whose operands' constant values are `left` / `right` (undefined when
 * not constant). Reports DIS2022 for a constant zero divisor and DIS2023 for a non-finite result;
 * returns the node's constant value (undefined when it is not a finite constant).
 */
export function foldBinary(
  ctx: CheckContext,
  e: Binary,
  left: number | undefined,
  right: number | undefined,
): number | undefined {
  if (e.op === "/" && right === 0) {
    ctx.report("DIS2022", e.right.span, "This divides by zero.", {
      hint: "divide by a non-zero number, or remove the division.",
    });
    return undefined;
  }
  if (left === undefined || right === undefined) return undefined;
  const v = applyBinary(e.op, left, right);
  if (Number.isFinite(v)) return v;
  const what = Number.isNaN(v) ? "is not a number (NaN)" : "overflows to Infinity";
  ctx.report("DIS2023", e.span, `This arithmetic on constants ${what}.`, {
    hint: "weights are finite numbers; compute the value and write it, e.g. `1e6`.",
  });
  return undefined;
}

/** The value of a schedule at `step`, or undefined when its entry cannot say. */
function valueAt(call: ResolvedCall<ScheduleDef>, step: number): number | undefined {
  try {
    const v = call.entry.value(step, plainArgs(call.args));
    return typeof v === "number" ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * DIS2022 when a divisor is a schedule that is 0 at step 0 or changes sign over training
 * (`kl(z) / warmup(1, over: 1k steps)` divides by 0 at step 0). Schedules ramp monotonically
 * from their step-0 value to their final one, so the two ends decide.
 */
export function checkScheduleDivisor(
  ctx: CheckContext,
  divisor: Expr,
  call: ResolvedCall<ScheduleDef>,
): void {
  const first = valueAt(call, 0);
  const last = valueAt(call, Number.MAX_SAFE_INTEGER);
  if (first === undefined || last === undefined) return;
  if (first !== 0 && last !== 0 && first > 0 === last > 0) return;
  const when = first === 0 ? "is 0 at step 0" : "passes through 0 during training";
  ctx.report("DIS2022", divisor.span, `This divides by \`${call.entry.name}\`, which ${when}.`, {
    hint: "divide by a schedule that stays away from 0, or multiply by one instead.",
  });
}
