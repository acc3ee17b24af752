/** warmup(value, over): a ramp from 0 to `value` over the first steps. */
import { argNumber } from "../args.js";
import type { ScheduleDef } from "../types.js";

/** value(t) = value · min(1, t / over). Pure. Throws for over ≤ 0. */
export const warmup: ScheduleDef = {
  kind: "schedule",
  name: "warmup",
  signature: {
    params: [
      {
        name: "value",
        type: { kind: "number" },
        positional: true,
        doc: "the value reached at the end of the warm-up",
      },
      {
        name: "over",
        type: { kind: "number", unit: "steps", integer: true, min: 1 },
        doc: "warm-up length in steps",
      },
    ],
    doc: "Linear warm-up from 0: value(t) = value·min(1, t/over), t the 0-based optimizer step (beta-TCVAE's --beta-anneal: beta·min(1, it/warmup)).",
    source: "rtqichen/beta-tcvae vae_quant.py::anneal_kl (warmup 7000 iterations on dSprites).",
  },
  pytorch: (args, py) => `P.warmup(step, ${py(args["value"])}, ${py(args["over"])})`,
  value(step, args) {
    const value = argNumber(args, "value", "warmup");
    const over = argNumber(args, "over", "warmup");
    if (!(over > 0))
      throw new Error(`warmup: 'over' must be a positive number of steps, got ${over}`);
    return value * Math.min(1, Math.max(0, step / over));
  },
};
