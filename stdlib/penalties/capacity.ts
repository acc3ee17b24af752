/** capacity(z, max, over): AnnealedVAE's |KL − C(t)| with C rising linearly to C_max. */
import * as tf from "@tensorflow/tfjs";
import { argNumber, argString } from "../args.js";
import { requirePosterior } from "../issues.js";
import { gaussianKl } from "../math/gaussian.js";
import { latentParam } from "../params.js";
import type { PenaltyDef } from "../types.js";
import { posterior, str } from "./context.js";

/**
 * The capacity target C(t) = min(C_max, C_max · t / T) in nats at optimizer step t (0-based).
 * Throws for T ≤ 0. Source: Burgess et al. 2018 eq. 8; disentanglement_lib vae.py::anneal.
 */
export function capacityAt(step: number, cMax: number, over: number): number {
  if (!(over > 0))
    throw new Error(`capacity: 'over' must be a positive number of steps, got ${over}`);
  return Math.min(cMax, (cMax * step) / over);
}

/** |mean_b KL(q(z|x_b) ‖ N(0,I)) − C(step)|, scalar nats; the absolute value is taken after the batch mean. */
export const capacity: PenaltyDef = {
  kind: "penalty",
  name: "capacity",
  traits: { minimised: true, readsPosterior: true },
  updates: ["main"],
  signature: {
    params: [
      latentParam,
      {
        name: "max",
        type: { kind: "number", unit: "nats", min: 0 },
        doc: "C_max, the final capacity in nats",
      },
      {
        name: "over",
        type: { kind: "number", unit: "steps", integer: true, min: 1 },
        doc: "T, the steps over which C rises linearly from 0 to C_max",
      },
    ],
    doc: "AnnealedVAE capacity term |KL − C(t)|: the batch-mean analytic KL (summed over D, nats) minus the target C(t) = min(C_max, C_max·t/T), absolute value taken after the batch mean. Weight it by gamma (1000 in the paper).",
    source:
      "Burgess et al. 2018, 'Understanding disentangling in beta-VAE', eq. 8; disentanglement_lib vae.py::AnnealedVAE.",
    needs: ["posterior"],
    check: (ctx) => requirePosterior(ctx, "latent", "capacity"),
  },
  reads: (args) => [
    `latents.${str(args, "latent")}.mu`,
    `latents.${str(args, "latent")}.logvar`,
    "step",
  ],
  pytorch: (py) => {
    const z = py.latent(String(py.value("latent")));
    return `P.capacity(${z.mu}, ${z.logvar}, step, ${py.arg("max")}, ${py.arg("over")})`;
  },
  compute(ctx, args) {
    const name = argString(args, "latent", "capacity");
    const c = capacityAt(
      ctx.step,
      argNumber(args, "max", "capacity"),
      argNumber(args, "over", "capacity"),
    );
    const { mu, logvar } = posterior(ctx, name, "capacity");
    return tf.tidy(() => tf.abs(tf.sub(gaussianKl(mu, logvar), c)) as tf.Scalar);
  },
  diagnostics(ctx, args) {
    const c = capacityAt(
      ctx.step,
      argNumber(args, "max", "capacity"),
      argNumber(args, "over", "capacity"),
    );
    return { capacity_target: tf.scalar(c) };
  },
};
