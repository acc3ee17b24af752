/** constant(value): a schedule that never changes. */
import { argNumber } from "../args.js";
import type { ScheduleDef } from "../types.js";

/** value(t) = value for every step. Pure. */
export const constant: ScheduleDef = {
  kind: "schedule",
  name: "constant",
  signature: {
    params: [
      { name: "value", type: { kind: "number" }, positional: true, doc: "the constant value" },
    ],
    doc: "A constant weight: value(t) = value at every step (the same as writing the number).",
    source: "—",
  },
  pytorch: (args, py) => `P.constant(step, ${py(args["value"])})`,
  value: (_step, args) => argNumber(args, "value", "constant"),
};
