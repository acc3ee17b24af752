/** Readers for a penalty's TermContext, with clear errors when the trainer did not provide a tensor. */
import type * as tf from "@tensorflow/tfjs";
import type { TermContext } from "../types.js";

/** The posterior of latent `name`: mu, logvar, sample, all [B, D]. Throws when any is missing. */
export function posterior(
  ctx: TermContext,
  name: string,
  entry: string,
): { mu: tf.Tensor2D; logvar: tf.Tensor2D; sample: tf.Tensor2D } {
  const l = ctx.latents[name];
  if (l === undefined) {
    throw new Error(
      `${entry}: the trainer provided no tensors for latent '${name}' (have: ${Object.keys(ctx.latents).join(", ") || "none"})`,
    );
  }
  if (l.mu === undefined || l.logvar === undefined) {
    throw new Error(
      `${entry}: latent '${name}' has no posterior (mu, logvar); the term needs an encoder x -> ${name}`,
    );
  }
  return { mu: l.mu, logvar: l.logvar, sample: l.sample };
}

/** ctx.extra[key], or an Error saying which backbone must provide it. */
export function extraTensor(
  ctx: TermContext,
  key: string,
  entry: string,
  provider: string,
): tf.Tensor {
  const t = ctx.extra[key];
  if (t === undefined) {
    throw new Error(`${entry}: ctx.extra['${key}'] is missing; it is provided by ${provider}`);
  }
  return t;
}

/** The observed tensor named `name`: "x" → ctx.x, "y" → ctx.y. */
export function observed(ctx: TermContext, name: string, entry: string): tf.Tensor {
  if (name === "x") return ctx.x;
  if (name === "y") {
    if (ctx.y === undefined) throw new Error(`${entry}: the data set provides no labels y`);
    return ctx.y;
  }
  throw new Error(`${entry}: unknown observed variable '${name}' (the data binds x and y)`);
}

/** The plan's names of latent `v`'s posterior tensors (compiler/plan/types.ts), for `reads`. */
export const posteriorReads = (v: string): string[] => [
  `latents.${v}.sample`,
  `latents.${v}.mu`,
  `latents.${v}.logvar`,
];

/** A resolved argument as a string ("" when absent), for `reads` and `pytorch`. */
export const str = (args: Readonly<Record<string, unknown>>, name: string): string =>
  String(args[name] ?? "");
