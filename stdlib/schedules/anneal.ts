/** anneal(from -> to, over, start): a linear ramp of a weight over optimizer steps. */
import { argNumber, argRange } from "../args.js";
import type { ScheduleDef } from "../types.js";

/**
 * value(t) = from + (to − from) · clamp((t − start) / over, 0, 1). Pure. Throws for over ≤ 0.
 * The range is resolved as `{ from, to }` (or `[from, to]`).
 */
export const anneal: ScheduleDef = {
  kind: "schedule",
  name: "anneal",
  signature: {
    params: [
      {
        name: "range",
        type: { kind: "record" },
        positional: true,
        doc: "`from -> to`, resolved as the record { from, to }",
      },
      {
        name: "over",
        type: { kind: "number", unit: "steps", integer: true, min: 1 },
        doc: "steps the ramp takes",
      },
      {
        name: "start",
        type: { kind: "number", unit: "steps", integer: true, min: 0 },
        default: 0,
        doc: "step at which the ramp begins (value = from before it)",
      },
    ],
    doc: "Linear annealing of a weight: `from` until step `start`, then linearly to `to` over `over` steps, then constant `to`. value(t) = from + (to − from)·clamp((t − start)/over, 0, 1), t the 0-based optimizer step.",
    source:
      "Bowman et al. 2016 §3.1 (KL annealing); Burgess et al. 2018 (linear capacity increase); beta-tcvae --beta-anneal.",
  },
  pytorch: (args, py) => {
    const { from, to } = argRange(args, "range", "anneal");
    return `P.anneal(step, ${py(from)}, ${py(to)}, ${py(args["over"])}, ${py(args["start"])})`;
  },
  value(step, args) {
    const { from, to } = argRange(args, "range", "anneal");
    const over = argNumber(args, "over", "anneal");
    const start = argNumber(args, "start", "anneal");
    if (!(over > 0))
      throw new Error(`anneal: 'over' must be a positive number of steps, got ${over}`);
    const f = Math.min(1, Math.max(0, (step - start) / over));
    return from + (to - from) * f;
  },
};
