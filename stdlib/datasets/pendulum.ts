/** pendulum: CausalVAE's pendulum scenes with four causally related concepts. */
import { argNumber } from "../args.js";
import { batchParam, factorsParam, pathParam } from "../params.js";
import type { DatasetDef } from "../types.js";
import { checkFactors, checkSize, selectFactors } from "./common.js";

/** The four concepts; pendulum_angle and light_angle cause shadow_length and shadow_position. */
export const PENDULUM_FACTORS = [
  "pendulum_angle",
  "light_angle",
  "shadow_length",
  "shadow_position",
] as const;

/** Scenes of the procedural pendulum: 84 pendulum angles × 87 light angles. */
export const PENDULUM_EXAMPLES = 84 * 87;

export const pendulum: DatasetDef = {
  kind: "dataset",
  name: "pendulum",
  signature: {
    params: [
      batchParam,
      {
        name: "size",
        type: { kind: "number", integer: true, min: 64, max: 64 },
        default: 64,
        doc: "image side in pixels (64)",
      },
      pathParam,
      factorsParam,
    ],
    doc: "Procedural pendulum (CausalVAE): size×size×3 RGB scenes of a pendulum lit by a light source, with concepts pendulum_angle and light_angle (causes) and shadow_length and shadow_position (their effects). x [B, 64, 64, 3] in [0, 1]; y [B, 4] the concept labels.",
    source:
      "Yang et al. 2021 (CausalVAE) §5.1 and the pendulum generator in huawei-noah trustworthyAI research/CausalVAE.",
    check: (ctx) => [
      ...checkSize(ctx, [64], "pendulum"),
      ...checkFactors(ctx, PENDULUM_FACTORS, "pendulum"),
    ],
  },
  imageShape: (args) => {
    const s = argNumber(args, "size", "pendulum");
    if (s !== 64) throw new Error(`pendulum: size must be 64, got ${s}`);
    return [s, s, 3];
  },
  factorNames: (args) => selectFactors(PENDULUM_FACTORS, args, "pendulum"),
  examples: (args) => (!args["path"] ? PENDULUM_EXAMPLES : undefined),
};
