/**
 * The backbone definitions, one file each, and what is derived from them: the network role
 * keywords (the lexer's tokens, the syntax-error suggestions, the language server's keywords and
 * the editor grammar's role pattern all read `ROLE_NAMES`), each role's wiring (the checker),
 * and which backbones a penalty applies to (from its `needs`).
 */
import { causalVae } from "./causal-vae.js";
import { diffusion } from "./diffusion.js";
import { gan } from "./gan.js";
import { GENERIC_ROLES } from "./generic.js";
import type { BackboneDef, Capability, RoleDef } from "./types.js";
import { vae } from "./vae.js";

export type { BackboneDef, Capability, RoleDef, WireKind } from "./types.js";

/** Every backbone, in documentation order; `vae` is the default family. */
export const BACKBONES = [vae, gan, causalVae, diffusion] as const;

/** The model families disc knows: the names of `BACKBONES`. */
export type Backbone = (typeof BACKBONES)[number]["name"];

/** The backbone a model with no marker is. */
export const DEFAULT_BACKBONE: Backbone = "vae";

/** Every network role: the backbones' own, then the generic `head` and `network`. */
export const ROLES: readonly RoleDef[] = [...BACKBONES.flatMap((b) => b.roles), ...GENERIC_ROLES];

/** The role keywords, in the order above. */
export const ROLE_NAMES: readonly string[] = ROLES.map((r) => r.name);

/** The definition of backbone `name`. Throws for a name no definition has (a bug). */
export function backboneDef(name: Backbone): BackboneDef {
  const b = BACKBONES.find((d) => d.name === name);
  if (b === undefined) throw new Error(`no backbone definition named '${name}'`);
  return b;
}

/** The role named `name`, or undefined. */
export function roleDef(name: string): RoleDef | undefined {
  return ROLES.find((r) => r.name === name);
}

/** The backbones that provide everything in `needs`, in documentation order (all for none). */
export function backbonesProviding(needs: readonly Capability[] = []): Backbone[] {
  return BACKBONES.filter((b) => needs.every((n) => b.provides.includes(n))).map((b) => b.name);
}

const CAPABILITY_WORDS: Readonly<Record<Capability, string>> = {
  posterior: "an encoder's posterior q(z|x)",
  decoder: "a decoder's likelihood p(x|z)",
  denoiser: "a denoiser",
  scm: "an scm",
  discriminator: "a discriminator",
  code: "GAN codes",
};

/** Every capability, in the order of stdlib/backbones/types.ts. */
export const CAPABILITIES = Object.keys(CAPABILITY_WORDS) as readonly Capability[];

/** A capability in words for a diagnostic, e.g. `an encoder's posterior q(z|x)`. */
export function capabilityWords(c: Capability): string {
  return CAPABILITY_WORDS[c];
}
