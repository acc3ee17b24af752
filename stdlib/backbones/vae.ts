/**
 * The VAE backbone: an encoder q(z|x) and a decoder p(x|z) trained jointly on the ELBO plus the
 * spec's penalties — the default family of a model with no other marker.
 */
import { VARIABLE_KINDS as VARS, type BackboneDef, type RoleDef } from "./types.js";

export const encoder: RoleDef = {
  name: "encoder",
  doc: "The inference network q(z|x): reads observed data and produces one latent's Gaussian posterior (mu, logvar [B, D]).",
  reads: { kinds: ["observed"], words: "observed data such as `x`" },
  produces: { kinds: ["latent", "code"], words: "latent variables" },
  outputs: "one",
  example: "encoder conv64(): x -> z",
};

export const decoder: RoleDef = {
  name: "decoder",
  doc: "The generative network p(x|z): reads latents and produces observed data under a likelihood (`~ bernoulli` by default).",
  reads: { kinds: VARS, words: "latent variables" },
  produces: { kinds: ["observed"], words: "observed data such as `x`" },
  outputs: "one",
  likelihood: true,
  example: "decoder deconv64(): z -> x ~ bernoulli",
};

export const vae: BackboneDef<"vae"> = {
  kind: "backbone",
  name: "vae",
  doc: "Variational autoencoder: an encoder's Gaussian posterior q(z|x) and a decoder's likelihood p(x|z), one optimizer on −ELBO plus the penalties (beta-VAE, beta-TCVAE, FactorVAE, DIP-VAE, …).",
  source: "Kingma & Welling 2014 (Auto-Encoding Variational Bayes), eq. 3.",
  roles: [encoder, decoder],
  requires: ["encoder", "decoder"],
  runs: ["encoder", "decoder", "network"],
  markedBy: {},
  provides: ["posterior", "decoder"],
  training: "joint",
};
