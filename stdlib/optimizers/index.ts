/** The optimizers of the standard library. */
import type { ArgValue, OptimizerDef } from "../types.js";
import { adam } from "./adam.js";
import { adamw } from "./adamw.js";
import { rmsprop } from "./rmsprop.js";
import { sgd } from "./sgd.js";

export const optimizers: readonly OptimizerDef[] = [adam, adamw, rmsprop, sgd];

/**
 * Fills an optimizer call's defaults: `{ entry, args }` → complete args. Throws for an unknown
 * optimizer name or a missing required parameter.
 */
export function optimizerCallArgs(
  entry: string,
  args: Readonly<Record<string, ArgValue>>,
): Record<string, ArgValue> {
  const def = optimizers.find((o) => o.name === entry);
  if (def === undefined) {
    throw new Error(
      `unknown optimizer '${entry}' (valid: ${optimizers.map((o) => o.name).join(", ")})`,
    );
  }
  const out: Record<string, ArgValue> = {};
  for (const p of def.signature.params) {
    const v = args[p.name] ?? p.default;
    if (v === undefined) throw new Error(`${entry}: missing required argument '${p.name}'`);
    out[p.name] = v;
  }
  return out;
}
