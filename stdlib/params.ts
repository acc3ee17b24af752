/** Parameter specs used by several entries (so their docs and types agree). */
import type { ParamSpec } from "./types.js";

/** The latent variable a posterior-based penalty acts on (first, positional). */
export const latentParam: ParamSpec = {
  name: "latent",
  type: { kind: "ref", of: ["latent"] },
  positional: true,
  doc: "the latent variable z (size D) whose posterior q(z|x) = N(mu, exp(logvar)) the term reads",
};

/** Minibatch estimator of log q(z) for the beta-TCVAE terms (mutual_info, dimwise_kl). */
export const mwsMssParam: ParamSpec = {
  name: "estimator",
  type: { kind: "enum", values: ["mws", "mss"] },
  default: "mss",
  doc: "minibatch weighted sampling (mws) or minibatch stratified sampling (mss) estimate of log q(z)",
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
