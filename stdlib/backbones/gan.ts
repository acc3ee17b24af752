/**
 * The GAN backbone with InfoGAN codes: a generator G(noise, c) and a discriminator D(x), trained
 * in alternating phases with their own optimizers; a Q head on D's trunk predicts the codes.
 */
import { VARIABLE_KINDS as VARS, type BackboneDef, type RoleDef } from "./types.js";

export const generator: RoleDef = {
  name: "generator",
  doc: "G(noise, c): reads noise, codes or latents drawn from their priors and produces observed data.",
  reads: { kinds: VARS, words: "noise, codes or latents" },
  produces: { kinds: ["observed"], words: "observed data such as `x`" },
  outputs: "one",
  example: "generator deconv28(): (n, c) -> x",
};

export const discriminator: RoleDef = {
  name: "discriminator",
  doc: "D(x): reads observed data (real or generated) and produces logits, named freely.",
  reads: { kinds: ["observed", ...VARS], words: "observed data such as `x`" },
  produces: { kinds: null, words: "names of its logits" },
  outputs: "many",
  example: "discriminator conv28(): x -> real",
};

export const head: RoleDef = {
  name: "head",
  doc: "InfoGAN's Q head: a network on the discriminator's trunk features that predicts the codes; it reads exactly one network.",
  reads: { kinds: ["network"], words: "another network" },
  produces: { kinds: VARS, words: "latent variables or codes" },
  outputs: "many",
  example: "head q = mlp(): discriminator -> c",
};

export const gan: BackboneDef<"gan"> = {
  kind: "backbone",
  name: "gan",
  doc: "Generative adversarial network (InfoGAN when it declares codes): alternating discriminator and generator phases, each with its own optimizer; `info(c)` maximises the codes' mutual information through a Q head.",
  source: "Goodfellow et al. 2014, eq. 1; Chen et al. 2016 (InfoGAN), eq. 5.",
  roles: [generator, discriminator, head],
  requires: ["generator", "discriminator"],
  runs: ["generator", "discriminator", "head"],
  markedBy: { roles: ["generator", "discriminator"] },
  provides: ["discriminator", "code"],
  training: "adversarial",
};
