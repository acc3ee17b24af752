/** dsprites: 2D shapes with five ground-truth factors (procedural by default). */
import { argNumber } from "../args.js";
import { batchParam, factorsParam, pathParam } from "../params.js";
import type { DatasetDef } from "../types.js";
import { checkFactors, checkSize, selectFactors } from "./common.js";

/** Factor names in the dSprites file's order (color, constant, omitted). */
export const DSPRITES_FACTORS = ["shape", "scale", "orientation", "posX", "posY"] as const;

/** Images in dSprites: 3 shapes × 6 scales × 40 orientations × 32 × 32 positions. */
export const DSPRITES_EXAMPLES = 737_280;

export const dsprites: DatasetDef = {
  kind: "dataset",
  name: "dsprites",
  signature: {
    params: [
      batchParam,
      {
        name: "size",
        type: { kind: "number", integer: true, min: 32, max: 64 },
        default: 64,
        doc: "image side in pixels: 64 (original) or 32 (2× downsampled)",
      },
      pathParam,
      factorsParam,
    ],
    doc: "dSprites: 737,280 binary size×size×1 images of a square, ellipse or heart; factors shape (3), scale (6), orientation (40), posX (32), posY (32). Rendered procedurally with exact factors unless `path` names the real .npz. x [B, size, size, 1] in [0, 1]; y [B, 5] class indices.",
    source:
      "Matthey et al. 2017, dSprites (github.com/deepmind/dsprites-dataset); Higgins et al. 2017 §4.",
    check: (ctx) => [
      ...checkSize(ctx, [64, 32], "dsprites"),
      ...checkFactors(ctx, DSPRITES_FACTORS, "dsprites"),
    ],
  },
  imageShape: (args) => {
    const s = argNumber(args, "size", "dsprites");
    if (s !== 64 && s !== 32) throw new Error(`dsprites: size must be 64 or 32, got ${s}`);
    return [s, s, 1];
  },
  factorNames: (args) => selectFactors(DSPRITES_FACTORS, args, "dsprites"),
  examples: (args) => (!args["path"] ? DSPRITES_EXAMPLES : undefined),
};
