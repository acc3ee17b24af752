/**
 * The diffusion autoencoder backbone: a semantic encoder q(z|x) and a conditional denoiser
 * eps(x_t, t, z) trained on the denoising loss; DDIM encodes and decodes.
 */
import { VARIABLE_KINDS as VARS, type BackboneDef, type RoleDef } from "./types.js";

export const denoiser: RoleDef = {
  name: "denoiser",
  doc: "eps(x_t, t, z): reads noised data and its conditioning latents and predicts the noise (or x0), a U-Net with adaptive group norm.",
  reads: {
    kinds: ["observed", ...VARS],
    words: "observed data and its conditioning",
  },
  produces: { kinds: ["observed"], words: "observed data" },
  outputs: "one",
  example: "denoiser unet(): (x, z) -> x",
};

export const diffusion: BackboneDef<"diffusion"> = {
  kind: "backbone",
  name: "diffusion",
  doc: "Diffusion autoencoder: a semantic encoder's posterior q(z|x) conditions a denoiser trained on the ε- or EDM-weighted denoising loss; DDIM (deterministic) encodes and decodes.",
  source:
    "Preechakul et al. 2022 (Diffusion Autoencoders), eq. 6; Song et al. 2021 (DDIM), eq. 12.",
  roles: [denoiser],
  requires: ["denoiser"],
  runs: ["encoder", "denoiser", "network"],
  markedBy: { roles: ["denoiser"] },
  provides: ["posterior", "denoiser"],
  training: "joint",
};
