/** Helpers shared by the data-set entries. */
import { argStringList } from "../args.js";
import type { ArgValue, EntryIssue, CheckContext } from "../types.js";

/** The factor subset named by `factors` ([] = all), in the data set's order; throws on unknown names. */
export function selectFactors(
  all: readonly string[],
  args: Readonly<Record<string, ArgValue>>,
  entry: string,
): string[] {
  const want = args.factors === undefined ? [] : argStringList(args, "factors", entry);
  if (want.length === 0) return [...all];
  const unknown = want.filter((f) => !all.includes(f));
  if (unknown.length > 0)
    throw new Error(`${entry}: unknown factor(s) ${unknown.join(", ")} (valid: ${all.join(", ")})`);
  return all.filter((f) => want.includes(f));
}

/** Check: every name in `factors` is one of `all`. */
export function checkFactors(
  ctx: CheckContext,
  all: readonly string[],
  entry: string,
): EntryIssue[] {
  const v = ctx.args.factors;
  if (!Array.isArray(v)) return [];
  const bad = v.filter((f) => typeof f !== "string" || !all.includes(f));
  if (bad.length === 0) return [];
  return [
    {
      code: "DIS3105",
      param: "factors",
      message: `${entry} has no factor(s) ${bad.map(String).join(", ")}`,
      hint: `valid: ${all.join(", ")}`,
    },
  ];
}

/** Check: `size` is one of the supported image sizes. */
export function checkSize(
  ctx: CheckContext,
  sizes: readonly number[],
  entry: string,
): EntryIssue[] {
  const s = ctx.args.size;
  if (typeof s !== "number" || sizes.includes(s)) return [];
  return [
    {
      code: "DIS3105",
      param: "size",
      message: `${entry} comes in size ${sizes.join(" or ")}, not ${s}`,
    },
  ];
}
