import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import {
  bernoulli,
  capacity,
  createDiscriminatorState,
  dag,
  dip,
  gan,
  gaussian,
  info,
  kl,
  labelAlign,
  laplace,
  recon,
} from "../../stdlib/index.js";
import { ctxWith, leakedBy, randn } from "./helpers.js";

describe("no tensor leaks", () => {
  it("penalty compute() and likelihood nll() dispose their intermediates", () => {
    const mu = randn([8, 4], 1);
    const logvar = randn([8, 4], 2, 0.3);
    const x = tf.randomUniform([8, 4, 4, 1], 0, 1, "float32", 3) as tf.Tensor4D;
    const logits = tf.randomNormal([8, 4, 4, 1], 0, 1, "float32", 4) as tf.Tensor4D;
    const params2 = tf.concat([logits, logits], 3) as tf.Tensor4D;
    const y = randn([8, 2], 5);
    const c = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], "int32"), 4).toFloat() as tf.Tensor2D;
    const a = randn([3, 3], 6);
    const ctx = ctxWith({
      x,
      y,
      step: 5,
      latents: { z: { mu, logvar, sample: mu }, c: { sample: c } },
      outputs: { x: logits, c },
      likelihoods: { x: { def: bernoulli, args: {} } },
      extra: { A: a, d_fake_logits: mu, d_real_logits: logvar },
      priors: { c: { distribution: "categorical", args: { k: 4 } } },
    });
    const cases: [string, () => tf.TensorContainer][] = [
      ["recon", () => recon.compute(ctx, { target: "x", reduction: "mean" })],
      ["kl", () => kl.compute(ctx, { latent: "z" })],
      ["capacity", () => capacity.compute(ctx, { latent: "z", max: 25, over: 100 })],
      ["dip ii", () => dip.compute(ctx, { latent: "z", variant: "ii", lambda_od: 1, lambda_d: 1 })],
      ["dag poly", () => dag.compute(ctx, { scm: "A", form: "polynomial" })],
      ["dag exp", () => dag.compute(ctx, { scm: "A", form: "exponential" })],
      ["gan", () => gan.compute(ctx, { loss: "hinge" })],
      ["gan diagnostics", () => gan.diagnostics!(ctx, { loss: "minimax" })],
      ["info", () => info.compute(ctx, { code: "c", routing: "paper", std: "fixed" })],
      ["label_align", () => labelAlign.compute(ctx, { latent: "z", labels: "y", form: "mse" })],
      ["gaussian", () => gaussian.nll(x, params2, { variance: "learned" })],
      ["laplace", () => laplace.nll(x, params2, { scale: "learned" })],
    ];
    for (const [name, fn] of cases) expect(leakedBy(fn), name).toBe(0);
    tf.dispose([mu, logvar, x, logits, params2, y, c, a]);
  });
  it("the discriminator's update() keeps the tensor count flat after its first step", () => {
    const state = createDiscriminatorState("z", 3, 1, tf.train.adam(1e-3, 0.5, 0.9), 2, 8);
    const z = randn([16, 3], 2);
    const ctx = ctxWith({ latents: { z: { sample: z } }, batchSize: 16 });
    state.update(ctx); // creates the optimizer slots
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) state.update(ctx);
    expect(tf.memory().numTensors).toBe(before);
    state.dispose();
    z.dispose();
  });
});
