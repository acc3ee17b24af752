/**
 * The role no single backbone owns: `network`, a free-form network between declared names (the
 * VAE-family backbones run it; each backbone's `runs` says).
 */
import { VARIABLE_KINDS as VARS, type RoleDef } from "./types.js";

export const network: RoleDef = {
  name: "network",
  doc: "A free-form network between declared names; it may take a likelihood when it produces observed data.",
  reads: { kinds: ["observed", ...VARS, "network"], words: "declared names" },
  produces: { kinds: ["observed", ...VARS], words: "declared names" },
  outputs: "one",
  likelihood: true,
  example: "network f = mlp(): z -> y",
};

/** The shared roles, in keyword order. */
export const GENERIC_ROLES: readonly RoleDef[] = [network];
