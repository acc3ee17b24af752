/**
 * kl_target(z, target, gamma): a user-defined penalty, written against disc's public types.
 *
 *   gamma * | KL(q(z|x) ‖ N(0, I)) − C |
 *
 * The "information bottleneck" term of Burgess et al. 2018 ("Understanding disentangling in
 * beta-VAE", eq. 8) with a fixed capacity C (the built-in `capacity` anneals C over training).
 * KL is the analytic Gaussian KL ½Σ_d(mu² + e^logvar − logvar − 1), summed over the D latent
 * dims and averaged over the batch, in nats; the result is a scalar to minimise.
 *
 * Load it in a spec with `use "./penalties/kl-target.ts"`; the checker reads `signature`
 * (argument types, units, defaults, docs, the extra `check`), the plan reads `reads`, the
 * trainer calls `compute`.
 * The export name must be the camelCase of `name` (kl_target → klTarget).
 */
import * as tf from "@tensorflow/tfjs";
import type { ArgValue, PenaltyDef, TermContext } from "disc/stdlib";

export const klTarget: PenaltyDef = {
  kind: "penalty",
  name: "kl_target",
  updates: ["main"],
  // for the checker: a penalty to minimise (a negative weight is warned, DIS3050) that reads q(z|x)
  traits: { minimised: true, readsPosterior: true },
  signature: {
    params: [
      {
        name: "latent",
        type: { kind: "ref", of: ["latent"] },
        positional: true,
        doc: "the latent z (size D) whose posterior q(z|x) = N(mu, exp(logvar)) is held at the target KL",
      },
      {
        name: "target",
        type: { kind: "number", unit: "nats", min: 0 },
        default: 25,
        doc: "the capacity C: the KL, in nats, the posterior is pulled towards",
      },
      {
        name: "gamma",
        type: { kind: "number", min: 0 },
        default: 1000,
        doc: "gamma, the strength of the pull (unitless; Burgess et al. use 1000)",
      },
    ],
    doc: "gamma * |KL(q(z|x) ‖ N(0, I)) − C|: holds the analytic Gaussian KL (summed over D, mean over the batch; nats) at a fixed capacity C.",
    source: "Burgess et al. 2018, Understanding disentangling in beta-VAE, eq. 8 (fixed C).",
    needs: ["posterior"],
    check: (ctx) => {
      const name = String(ctx.args["latent"]);
      return ctx.variables[name]?.hasPosterior === false
        ? [
            {
              code: "DIS3101",
              message: `kl_target needs an encoder x -> ${name} (a Gaussian posterior).`,
              param: "latent",
            },
          ]
        : [];
    },
  },
  // for the training plan (`disc compile --emit plan`): the tensors compute reads
  reads: (args) => [
    `latents.${String(args["latent"])}.mu`,
    `latents.${String(args["latent"])}.logvar`,
  ],
  compute(ctx, args) {
    const target = Number(args["target"]);
    const gamma = Number(args["gamma"]);
    return tf.tidy(() => tf.mul(gamma, tf.abs(tf.sub(batchKl(ctx, args), target))) as tf.Scalar);
  },
  // logged beside the term as kl_target_z/kl (metrics.jsonl): the KL the term holds at C, nats
  diagnostics: (ctx, args) => ({ kl: tf.tidy(() => batchKl(ctx, args)) }),
};

/** KL(q(z|x) ‖ N(0, I)) = ½Σ_d(mu² + e^logvar − logvar − 1), mean over the batch: [] nats. */
function batchKl(ctx: TermContext, args: Readonly<Record<string, ArgValue>>): tf.Scalar {
  const name = String(args["latent"]);
  const z = ctx.latents[name];
  if (z?.mu === undefined || z.logvar === undefined) {
    throw new Error(`kl_target: latent '${name}' has no posterior (mu, logvar)`);
  }
  const { mu, logvar } = z;
  return tf.tidy(() => {
    // ½ Σ_d (mu² + e^logvar − logvar − 1), [B] → mean over the batch, []
    const perExample = tf.mul(
      0.5,
      tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), tf.add(logvar, 1)), 1),
    );
    return tf.mean(perExample) as tf.Scalar;
  });
}
