/** Parameter specs used by several entries (so their docs and types agree). */
import type { ParamSpec } from "./types.js";

/** The latent variable a posterior-based penalty acts on (first, positional). */
export const latentParam: ParamSpec = {
  name: "latent",
  type: { kind: "ref", of: ["latent"] },
  positional: true,
  doc: "the latent variable z (size D) whose posterior q(z|x) = N(mu, exp(logvar)) the term reads",
};

/** What mws and mss weigh, for the `estimator` parameters of the beta-TCVAE terms. */
export const ESTIMATOR_DOC =
  "minibatch weighted sampling (mws: each of the B codes weighted 1/(N·B)) or minibatch " +
  "stratified sampling (mss: the example's own posterior 1/N, the other codes 1/(B−1), the " +
  "intended matrix of Chen et al. 2018, App. C) estimate of log q(z); they differ at B ≪ N, " +
  "where mss's log q(z_i) is almost always the example's own term (docs/quickstart.md)";

/** Minibatch estimator of log q(z) for the beta-TCVAE terms (mutual_info, dimwise_kl). */
export const mwsMssParam: ParamSpec = {
  name: "estimator",
  type: { kind: "enum", values: ["mws", "mss"] },
  default: "mss",
  doc: ESTIMATOR_DOC,
};

/** Batch size of a data set. */
export const batchParam: ParamSpec = {
  name: "batch",
  type: { kind: "number", integer: true, min: 1 },
  default: 64,
  doc: "examples per training batch B",
};

/** Optional path of a real data file ("" = the built-in source). */
export const pathParam: ParamSpec = {
  name: "path",
  type: { kind: "string" },
  default: "",
  doc: 'path of a real data file; "" uses the built-in source',
};

/** Optional factor subset ([] = all factors). */
export const factorsParam: ParamSpec = {
  name: "factors",
  type: { kind: "list", of: { kind: "string" } },
  default: [],
  doc: "subset of ground-truth factor names to expose as y; [] means all",
};
