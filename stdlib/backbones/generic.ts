/**
 * The roles every backbone may use: `head` (a network on another network's features, e.g.
 * InfoGAN's Q head or a classifier) and `network` (a free-form network between declared names).
 */
import type { RoleDef } from "./types.js";

const VARS = ["latent", "code", "noise"] as const;

export const head: RoleDef = {
  name: "head",
  doc: "A network on another network's features (InfoGAN's Q head on the discriminator's trunk); it reads exactly one network and produces latents or codes.",
  reads: { kinds: ["network"], words: "another network" },
  produces: { kinds: VARS, words: "latent variables or codes" },
  outputs: "many",
  example: "head q = mlp(): discriminator -> c",
};

export const network: RoleDef = {
  name: "network",
  doc: "A free-form network between declared names; it may take a likelihood when it produces observed data.",
  reads: { kinds: ["observed", ...VARS, "network"], words: "declared names" },
  produces: { kinds: ["observed", ...VARS], words: "declared names" },
  outputs: "one",
  likelihood: true,
  example: "network f = mlp(): z -> y",
};

/** The generic roles, in keyword order. */
export const GENERIC_ROLES: readonly RoleDef[] = [head, network];
