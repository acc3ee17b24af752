/**
 * The types of a backbone definition (stdlib/backbones/*.ts): the network roles a model family
 * introduces and how each is wired, the roles a model of that family must declare, what marks a
 * model as that family, and what it gives loss terms to read; plus the variable kinds roles
 * wire. The grammar, checker, language server and editor grammar read role names from the
 * definitions, never from lists of their own.
 */

/**
 * The model families disc knows: the names of the definitions in stdlib/backbones/index.ts
 * (`BACKBONES`), so adding a backbone's file and its line there adds the name.
 */
export type { Backbone } from "./index.js";

/**
 * What a model gives loss terms to read. A penalty declares the ones it needs
 * (`signature.needs`); it applies to the backbones that provide all of them.
 * - `posterior`: an encoder's Gaussian q(z|x) (mu, logvar [B, D]);
 * - `decoder`: a decoder's likelihood p(x|z) of the data;
 * - `denoiser`: a denoiser eps(x_t, t, z) of a diffusion model;
 * - `scm`: a structural causal model's adjacency A [K, K] and its concept layer;
 * - `discriminator`: a discriminator's logits on real and generated data;
 * - `code`: a GAN's latent codes c drawn from their prior and a Q head's guess of them.
 */
export type Capability = "posterior" | "decoder" | "denoiser" | "scm" | "discriminator" | "code";

/** What a role's inputs or outputs may name: a kind of declared symbol. */
export type WireKind = "observed" | "latent" | "code" | "noise" | "network";

/** The declared variables (everything but data and networks), for role wiring. */
export const VARIABLE_KINDS = ["latent", "code", "noise"] as const satisfies readonly WireKind[];

/** One network role: the keyword, and the wiring the checker enforces (DIS2016). */
export interface RoleDef {
  /** The keyword, e.g. `encoder`. */
  readonly name: string;
  /** One sentence for hover and docs. */
  readonly doc: string;
  /** What the inputs may name, and those words for a diagnostic ("observed data such as `x`"). */
  readonly reads: { readonly kinds: readonly WireKind[]; readonly words: string };
  /**
   * What the outputs may name (null: free names, e.g. a discriminator's logits), and those
   * words for a diagnostic.
   */
  readonly produces: { readonly kinds: readonly WireKind[] | null; readonly words: string };
  /** `many`: several outputs (a head's codes, a discriminator's logits); else exactly one. */
  readonly outputs: "one" | "many";
  /** True when it may take a likelihood `~ bernoulli` (it models observed data). */
  readonly likelihood?: boolean;
  /** A declaration to suggest when a model lacks this role, e.g. `encoder conv64(): x -> z`. */
  readonly example: string;
}

/** One model family; `N` is its name. */
export interface BackboneDef<N extends string = string> {
  readonly kind: "backbone";
  readonly name: N;
  /** One paragraph: the model and its objective. */
  readonly doc: string;
  /** The paper (and equation) the backbone follows. */
  readonly source: string;
  /** The roles this backbone introduces (a role is defined by exactly one backbone or generic). */
  readonly roles: readonly RoleDef[];
  /**
   * The roles its trainer runs (its own and others'); a network of any other role would never
   * run, which the checker reports (DIS2016).
   */
  readonly runs: readonly string[];
  /** The roles a model of this family must declare (DIS3009 otherwise). */
  readonly requires: readonly string[];
  /**
   * What makes a model this family: declaring one of these roles, or an `scm` item. A model
   * with no marker is the default backbone (`vae`); markers of two families are DIS3008.
   */
  readonly markedBy: { readonly roles?: readonly string[]; readonly scm?: boolean };
  /** What the model gives loss terms to read. */
  readonly provides: readonly Capability[];
  /**
   * `joint`: one objective, one optimizer over every network; `adversarial`: alternating
   * discriminator and generator phases, each with its own optimizer (compiler/plan/phases.ts).
   */
  readonly training: "joint" | "adversarial";
}
