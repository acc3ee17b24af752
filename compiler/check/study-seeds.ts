/**
 * The seeds of a study: `seeds: [0, 1, 2]` (distinct non-negative integers, in the order
 * written) or `seeds: 5` (a count: seeds 0 to 4). An empty list or a count of 0 is DIS3018, a
 * seed that is not a non-negative integer or repeats is DIS3021.
 */
import type { Expr, Span } from "../../grammar/ast.js";
import type { CheckContext } from "./context.js";
import { describeExpr, isPlaceholder, numericLiteral } from "./values.js";

/** `seeds: 5`: seeds 0..4; undefined after reporting. */
function seedCount(
  ctx: CheckContext,
  e: Expr,
  n: { value: number; unit?: string; text: string },
): number[] | undefined {
  if (n.unit === undefined && Number.isInteger(n.value) && n.value > 0)
    return Array.from({ length: n.value }, (_, i) => i);
  if (n.unit === undefined && n.value === 0)
    ctx.report("DIS3018", e.span, "`seeds: 0` runs no seed at all.", {
      hint: "give a count of at least 1, or a list such as `[0, 1, 2]`.",
    });
  else
    ctx.report(
      "DIS3021",
      e.span,
      `\`seeds: ${n.text}${n.unit ? ` ${n.unit}` : ""}\` is not a count of seeds.`,
      {
        hint: "a count is a positive integer: `seeds: 5` means seeds 0 to 4.",
      },
    );
  return undefined;
}

/** The seeds of `seeds: [0, 1, 2]` or `seeds: 5`; undefined after reporting. */
export function checkSeeds(ctx: CheckContext, e: Expr): number[] | undefined {
  if (isPlaceholder(e)) return undefined;
  const count = numericLiteral(e);
  if (count) return seedCount(ctx, e, count);
  if (e.kind !== "List") {
    ctx.report(
      "DIS2004",
      e.span,
      `\`seeds\` expects a list of seeds or a count, but got ${describeExpr(e)}.`,
      {
        hint: "write `seeds: [0, 1, 2]` or `seeds: 3`.",
      },
    );
    return undefined;
  }
  if (e.items.length === 0) {
    ctx.report("DIS3018", e.span, "The list of seeds is empty.", {
      hint: "list at least one seed: `seeds: [0]`.",
    });
    return undefined;
  }
  const seeds: number[] = [];
  const seen = new Map<number, Span>();
  for (const item of e.items) {
    const n = numericLiteral(item);
    if (!n || n.unit !== undefined || !Number.isInteger(n.value) || n.value < 0) {
      const shown = n ? `\`${n.text}${n.unit ? ` ${n.unit}` : ""}\`` : describeExpr(item);
      ctx.report("DIS3021", item.span, `A seed is a non-negative integer, but this is ${shown}.`);
      continue;
    }
    const prev = seen.get(n.value);
    if (prev)
      ctx.report("DIS3021", item.span, `The seed ${n.value} is listed twice.`, {
        hint: "each configuration runs once per seed; remove the repeat.",
        related: [{ span: prev, message: "It is first listed here." }],
      });
    else seen.set(n.value, item.span);
    seeds.push(n.value);
  }
  return seeds.length === e.items.length && seen.size === seeds.length ? seeds : undefined;
}
