/** Parameters shared by the metrics (disentanglement_lib unsupervised_study_v1 defaults). */
import type { ParamSpec } from "../types.js";

/** The `samples` parameter (training points drawn from the data set) with default `def`. */
export function samplesParam(
  def: number,
  doc = "number of training points drawn from the data set",
): ParamSpec {
  return { name: "samples", type: { kind: "number", integer: true, min: 1 }, default: def, doc };
}

/** The `test_samples` parameter (held-out points, drawn after the training ones) with default `def`. */
export function testSamplesParam(
  def: number,
  doc = "number of held-out points drawn after the training points; the reported score is on them",
): ParamSpec {
  return {
    name: "test_samples",
    type: { kind: "number", integer: true, min: 1 },
    default: def,
    doc,
  };
}

export const seedParam: ParamSpec = {
  name: "seed",
  type: { kind: "number", integer: true, min: 0 },
  default: 0,
  doc: "seed of the metric's own sampling (disentanglement_lib evaluates with seed 0)",
};

export const representationParam: ParamSpec = {
  name: "representation",
  type: { kind: "enum", values: ["mean", "sample"] },
  default: "mean",
  doc: "what is scored: the posterior mean mu (default, disentanglement_lib mean.gin) or a sample mu + exp(logvar/2)·eps",
};

export const binsParam: ParamSpec = {
  name: "bins",
  type: { kind: "number", integer: true, min: 2 },
  default: 20,
  doc: "equal-width histogram bins per code over its own min–max range, for the discretised MI",
};

export const factorSubsetParam: ParamSpec = {
  name: "factors",
  type: { kind: "list", of: { kind: "string" } },
  default: [],
  doc: "ground-truth factors scored; [] means all of the data set's factors",
};

/**
 * The `batch` parameter with default `def`: by default the points per encoder call (speed only),
 * or, with `doc`, a batch the metric itself is defined over (BetaVAE pairs, FactorVAE votes).
 */
export function batchSizeParam(
  def: number,
  doc = "points per encoder call; changes the speed, not the score",
): ParamSpec {
  return { name: "batch", type: { kind: "number", integer: true, min: 1 }, default: def, doc };
}
