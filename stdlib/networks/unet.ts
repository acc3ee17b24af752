/**
 * `unet`: the conditional denoising U-Net of a diffusion autoencoder (Preechakul et al. 2022,
 * DiffAE): residual blocks with group norm and SiLU, a sinusoidal timestep embedding, and
 * conditioning on the semantic latent z by adaptive group norm GN(h)·(1 + s) + b. Input the
 * noisy image x_t [H, W, C] (with t and z as extra inputs), output ε̂ [H, W, C].
 *
 * Source: Preechakul et al. 2022, §3.1 and phizaz/diffae model/blocks.py (apply_conditions);
 * methods.md §9a.
 */
import type * as tf from "@tensorflow/tfjs";
import type { NetworkDef } from "../types.js";
import { NetworkArgError } from "./common.js";

export const unet: NetworkDef = {
  kind: "network",
  name: "unet",
  accepts: "image",
  produces: "image",
  imageSizes: [32, 64],
  signature: {
    params: [
      { name: "channels", type: { kind: "number", integer: true, min: 8 }, default: 32, doc: "base channel width of the first level" },
      {
        name: "multipliers",
        type: { kind: "list", of: { kind: "number", integer: true, min: 1 } },
        default: [1, 2, 2],
        doc: "channel multiplier per resolution level (each level halves H and W)",
      },
      { name: "groups", type: { kind: "number", integer: true, min: 1 }, default: 8, doc: "groups of the group norm" },
      { name: "time_dim", type: { kind: "number", integer: true, min: 8 }, default: 128, doc: "width of the timestep embedding" },
    ],
    doc:
      "Conditional denoising U-Net: x_t [H, W, C], timestep t, latent z [D] → predicted noise ε̂ [H, W, C]; " +
      "residual blocks with GroupNorm + SiLU, AdaGN conditioning on t and z, one residual block per level.",
    source: "Preechakul et al. 2022 (Diffusion Autoencoders) §3.1; Ho et al. 2020 (DDPM) U-Net.",
  },
  build(): tf.LayersModel {
    throw new NetworkArgError("unet", "the diffusion backbone's U-Net cannot be built by this version of disc yet");
  },
};
