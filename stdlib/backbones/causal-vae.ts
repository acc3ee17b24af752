/**
 * The CausalVAE backbone: a VAE whose latent passes through a structural causal model (an `scm`
 * item: a learned adjacency A and mask layer) before decoding.
 */
import type { BackboneDef } from "./types.js";

export const causalVae: BackboneDef<"causal_vae"> = {
  kind: "backbone",
  name: "causal_vae",
  doc: "CausalVAE: a VAE (encoder and decoder) whose exogenous latent passes through a linear SCM z = (I − Aᵀ)⁻¹ε and a mask layer before decoding; `dag` keeps A acyclic, `label_align` ties concepts to labels.",
  source: "Yang et al. 2021 (CausalVAE), eqs. 1–3 and 9.",
  roles: [],
  requires: ["encoder", "decoder"],
  runs: ["encoder", "decoder", "network"],
  markedBy: { scm: true },
  provides: ["posterior", "decoder", "scm"],
  training: "joint",
};
