import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { disposeContext } from "../../runtime/train/step.js";
import {
  dimwiseKl,
  mutualInfo,
  sharedQuantities,
  totalCorrelation,
  type TermContext,
} from "../../stdlib/index.js";
import { ctxWith, randn } from "./helpers.js";

const B = 32;
const D = 6;
const N = 737_280;

/** The three beta-TCVAE terms and their gradients w.r.t. mu and logvar, with or without a shared store. */
function termsAndGrads(est: "mss" | "mws", shared: boolean) {
  const mu = tf.variable(randn([B, D], 1));
  const logvar = tf.variable(randn([B, D], 2, 0.3));
  const eps = randn([B, D], 3);
  let ctx: TermContext | undefined;
  const values: number[] = [];
  const { grads } = tf.variableGrads(() => {
    const sample = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps)) as tf.Tensor2D;
    const base = ctxWith({
      latents: { z: { mu: mu as tf.Tensor2D, logvar: logvar as tf.Tensor2D, sample } },
      batchSize: B,
      datasetSize: N,
    });
    ctx = shared ? { ...base, shared: sharedQuantities() } : base;
    const mi = mutualInfo.compute(ctx, { latent: "z", estimator: est });
    const tc = totalCorrelation.compute(ctx, { latent: "z", estimator: est, constants: true });
    const dw = dimwiseKl.compute(ctx, { latent: "z", estimator: est });
    for (const t of [mi, tc, dw]) values.push(t.dataSync()[0]!);
    return tf.addN([mi, tf.mul(6, tc), dw]) as tf.Scalar;
  }, [mu, logvar]);
  const g = [grads[mu.name]!, grads[logvar.name]!].map((t) => Array.from(t.dataSync()));
  const keys = ctx?.shared?.keys() ?? [];
  const held = ctx?.shared?.tensors().length ?? 0;
  disposeContext({ ...ctx!, latents: {} });
  tf.dispose([mu, logvar, eps, ...Object.values(grads)]);
  return { values, grads: g, keys, held };
}

describe("shared minibatch log-densities", () => {
  for (const est of ["mss", "mws"] as const) {
    it(`${est}: mutual_info, total_correlation, dimwise_kl and their gradients equal the separate computation to 1e-6`, () => {
      const a = termsAndGrads(est, false);
      const b = termsAndGrads(est, true);
      a.values.forEach((v, i) =>
        expect(Math.abs(b.values[i]! - v)).toBeLessThan(1e-6 * Math.max(1, Math.abs(v))),
      );
      a.grads.forEach((g, k) =>
        g.forEach((v, i) =>
          expect(Math.abs(b.grads[k]![i]! - v)).toBeLessThan(1e-6 * Math.max(1, Math.abs(v))),
        ),
      );
      // one computation for the three terms (mws: constants are the same for all three here)
      expect(b.keys).toEqual([
        `minibatch-log-densities/z/${est}${est === "mws" ? "/constants=true" : ""}`,
      ]);
      expect(b.held).toBe(4);
    });
  }

  it("mws with and without constants are two values; mss shares whatever constants say", () => {
    const s = sharedQuantities();
    const z = randn([8, 3], 4);
    const ctx = {
      ...ctxWith({ latents: { z: { mu: z, logvar: tf.zerosLike(z), sample: z } }, batchSize: 8 }),
      shared: s,
    };
    totalCorrelation.compute(ctx, { latent: "z", estimator: "mws", constants: false });
    mutualInfo.compute(ctx, { latent: "z", estimator: "mws" });
    totalCorrelation.compute(ctx, { latent: "z", estimator: "mss", constants: false });
    dimwiseKl.compute(ctx, { latent: "z", estimator: "mss" });
    expect(s.keys()).toEqual([
      "minibatch-log-densities/z/mws/constants=false",
      "minibatch-log-densities/z/mws/constants=true",
      "minibatch-log-densities/z/mss",
    ]);
    tf.dispose(s.tensors());
  });

  it("the store's tensors survive the terms' tidy and are freed with the context: nothing leaks", () => {
    const leak = (shared: boolean) => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        termsAndGrads("mss", shared);
      });
      return tf.memory().numTensors - before;
    };
    expect(leak(true)).toBe(0);
    expect(leak(false)).toBe(0);
  });
});
