/** fashion_mnist: clothing images with their class labels. */
import { batchParam, factorsParam, pathParam } from "../params.js";
import type { DatasetDef } from "../types.js";
import { checkFactors, selectFactors } from "./common.js";

export const fashionMnist: DatasetDef = {
  kind: "dataset",
  name: "fashion_mnist",
  signature: {
    params: [batchParam, pathParam, factorsParam],
    doc: "Fashion-MNIST: 60,000 training (+10,000 test) 28×28×1 grey-level clothing images, x in [0, 1]; y [B, 1] = the class 0–9 (factor `label`). Read from gzipped IDX files (Debian dataset-fashion-mnist or `path`).",
    source: "Xiao et al. 2017, 'Fashion-MNIST' (arXiv 1708.07747).",
    check: (ctx) => checkFactors(ctx, ["label"], "fashion_mnist"),
  },
  imageShape: () => [28, 28, 1],
  factorNames: (args) => selectFactors(["label"], args, "fashion_mnist"),
  examples: (args) => (!args["path"] ? 60_000 : undefined),
};
