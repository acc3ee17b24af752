/** info(c): InfoGAN's variational lower bound L_I on I(c; G(z, c)). */
import * as tf from "@tensorflow/tfjs";
import { argEnum, argString } from "../args.js";
import { requireRole } from "../issues.js";
import { distributions } from "../distributions/index.js";
import type { ArgValue, PenaltyDef, TermContext } from "../types.js";
import { str } from "./context.js";

const LOG_2PI = Math.log(2 * Math.PI);

/** The parameter sets an InfoGAN network is split into for gradient routing. */
export type GanParamSet = "generator" | "q_head" | "discriminator_trunk" | "discriminator_head";

/**
 * Gradient routing of −λ·L_I by info's `routing` argument: the parameter sets its gradient
 * updates, and whether the discriminator step's loss carries it (then Q is trained by D's
 * optimizer, as in openai/InfoGAN where Q lives in D's variable scope).
 * paper: Chen et al. 2016 eq. 5, min_{G,Q} max_D V(D, G) − λ L_I(G, Q): G and the Q head, both
 * in the generator step. official: openai/InfoGAN infogan_trainer.py, D_loss and G_loss both
 * subtract λ·MI: the D step updates the Q head and the shared D trunk, the G step updates G.
 */
export const INFO_ROUTINGS: Readonly<
  Record<
    "paper" | "official",
    { readonly updates: readonly GanParamSet[]; readonly discriminatorStep: boolean }
  >
> = {
  paper: { updates: ["generator", "q_head"], discriminatorStep: false },
  official: { updates: ["generator", "q_head", "discriminator_trunk"], discriminatorStep: true },
};

export type InfoRouting = keyof typeof INFO_ROUTINGS;

/**
 * H(c) in nats of a declared prior, from the distribution entry's closed form (categorical(k):
 * ln k; uniform(low, high, size): size·ln(high − low); normal(D): D·½ ln 2πe). Throws for a
 * prior without one.
 */
export function priorEntropy(
  distribution: string,
  args: Readonly<Record<string, ArgValue>>,
): number {
  const def = distributions.find((d) => d.name === distribution);
  if (def?.entropy === undefined)
    throw new Error(`info: no closed-form entropy for a '${distribution}' prior`);
  return def.entropy({ ...args });
}

/**
 * log Q(c|x) per example, [B]. Categorical (c one-hot [B,k], q logits [B,k]): Σ_k c_k log softmax(q)_k.
 * Continuous (c [B,D]; q [B,D] means with fixed std 1, or [B,2D] = mean ‖ raw with s = sqrt(exp(raw))
 * when std is learned): Σ_d −½ ln 2π − ln s_d − ½((c_d − m_d)/s_d)².
 */
export function infoLogQ(
  c: tf.Tensor2D,
  q: tf.Tensor2D,
  categorical: boolean,
  learnedStd: boolean,
): tf.Tensor1D {
  return tf.tidy(() => {
    const [B, D] = c.shape;
    if (categorical) {
      if (q.shape[1] !== D)
        throw new Error(`info: Q head gives ${q.shape[1]} logits for a ${D}-way categorical code`);
      return tf.sum(tf.mul(c, tf.logSoftmax(q)), 1) as tf.Tensor1D;
    }
    const want = learnedStd ? 2 * D : D;
    if (q.shape[1] !== want && !(q.shape[1] === 2 * D && !learnedStd)) {
      throw new Error(
        `info: Q head gives ${q.shape[1]} values for a ${D}-dim code with std ${learnedStd ? "learned" : "fixed"} (need ${want})`,
      );
    }
    const m = tf.slice(q, [0, 0], [B, D]);
    const logvar = learnedStd ? tf.slice(q, [0, D], [B, D]) : tf.zeros([B, D]);
    const z = tf.mul(tf.sub(c, m), tf.exp(tf.mul(-0.5, logvar)));
    const perDim = tf.sub(tf.sub(-0.5 * LOG_2PI, tf.mul(0.5, logvar)), tf.mul(0.5, tf.square(z)));
    return tf.sum(perDim, 1) as tf.Tensor1D;
  });
}

function codePrior(
  ctx: TermContext,
  code: string,
): { distribution: string; args: Readonly<Record<string, ArgValue>> } {
  const p = ctx.priors?.[code];
  if (p === undefined)
    throw new Error(
      `info(${code}): the trainer must pass ctx.priors['${code}'] (the code's declared prior) to compute H(c)`,
    );
  return p;
}

/**
 * L_I = mean_b log Q(c_b|G(z_b, c_b)) + H(c), scalar nats (a lower bound on I(c; G(z,c)), to be
 * *maximised*: write `- λ * info(c)` in the loss). Reads the drawn code ctx.latents[c].sample,
 * the Q head's output ctx.outputs[c] and the prior ctx.priors[c].
 */
export const info: PenaltyDef = {
  kind: "penalty",
  name: "info",
  traits: { trainsRoles: ["head", "generator", "discriminator"] },
  updates: ["main"],
  signature: {
    params: [
      {
        name: "code",
        type: { kind: "ref", of: ["code"] },
        positional: true,
        doc: "the GAN code c whose mutual information with G(z, c) is bounded",
      },
      {
        name: "routing",
        type: { kind: "enum", values: ["paper", "official"] },
        default: "paper",
        doc: "paper: the L_I gradient updates G and the Q head; official (openai/InfoGAN): also the shared D trunk, Q trained with D's optimizer",
      },
      {
        name: "std",
        type: { kind: "enum", values: ["fixed", "learned"] },
        default: "fixed",
        doc: "continuous codes: Q's Gaussian std fixed at 1 (InfoGAN MNIST) or learned (Q emits mean ‖ log-variance)",
      },
    ],
    doc: "InfoGAN's variational mutual-information bound L_I(G, Q) = E[log Q(c|G(z, c))] + H(c) ≤ I(c; G(z, c)), nats, averaged over the batch. Categorical codes: Q gives k logits; continuous codes: a factored Gaussian (continuous codes are drawn from their prior, e.g. U(−1, 1), and scored by the Gaussian). Maximise it: `loss = gan(non_saturating) - 1.0 * info(c)`. H(c) = ln k for categorical(k).",
    source:
      "Chen et al. 2016 (InfoGAN), eq. 5 and Lemma 5.1; openai/InfoGAN infogan_trainer.py (MI = E[−log prior] − E[−log Q]).",
    needs: ["discriminator", "code"],
    check: (ctx) => requireRole(ctx, "code", ["code"], "info"),
  },
  reads: (args) => [`latents.${str(args, "code")}.sample`, `outputs.${str(args, "code")}`],
  compute(ctx, args) {
    const code = argString(args, "code", "info");
    const learned = argEnum(args, "std", ["fixed", "learned"] as const, "info") === "learned";
    const c = ctx.latents[code]?.sample;
    const q = ctx.outputs[code];
    if (c === undefined)
      throw new Error(`info(${code}): the trainer provided no drawn code '${code}'`);
    if (q === undefined || q.rank !== 2)
      throw new Error(
        `info(${code}): no Q head output [B, k] for '${code}' (declare \`head q = ...: discriminator -> ${code}\`)`,
      );
    const prior = codePrior(ctx, code);
    const h = priorEntropy(prior.distribution, prior.args);
    return tf.tidy(
      () =>
        tf.add(
          tf.mean(infoLogQ(c, q as tf.Tensor2D, prior.distribution === "categorical", learned)),
          h,
        ) as tf.Scalar,
    );
  },
};
