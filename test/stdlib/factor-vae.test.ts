import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import {
  createDiscriminatorState,
  densityRatioTc,
  discriminatorLoss,
  permuteDims,
  totalCorrelation,
  type DiscriminatorState,
} from "../../stdlib/index.js";
import { mulberry32 } from "../../stdlib/penalties/factor-discriminator.js";
import { ctxWith, randn, val } from "./helpers.js";

const info = { batchSize: 64, datasetSize: 1000, variableSizes: { z: 10 }, seed: 3 };
const args = {
  latent: "z",
  estimator: "discriminator",
  constants: true,
  optimizer: { entry: "adam", args: { lr: 1e-4, beta1: 0.5, beta2: 0.9, epsilon: 1e-8 } },
};

describe("FactorVAE discriminator state (createState)", () => {
  it("builds a 6 × 1000 leaky-ReLU MLP to 2 logits and Adam(1e-4, 0.5, 0.9)", () => {
    const state = totalCorrelation.createState!(args, info) as DiscriminatorState;
    const shapes = state.variables.map((v) => v.shape);
    expect(shapes).toEqual([
      [10, 1000],
      [1000],
      [1000, 1000],
      [1000],
      [1000, 1000],
      [1000],
      [1000, 1000],
      [1000],
      [1000, 1000],
      [1000],
      [1000, 1000],
      [1000],
      [1000, 2],
      [2],
    ]);
    const cfg = state.optimizer!.getConfig();
    expect(cfg).toMatchObject({ learningRate: 1e-4, beta1: 0.5, beta2: 0.9 });
    // leaky ReLU slope 0.2: a negative pre-activation is scaled by 0.2 (checked on one layer)
    const z = tf.fill([1, 10], -1) as tf.Tensor2D;
    const h = tf.tidy(() =>
      tf.add(tf.matMul(z, state.variables[0] as tf.Tensor2D), state.variables[1]!),
    );
    const act = tf.leakyRelu(h, 0.2);
    const [hv, av] = [h.dataSync(), act.dataSync()];
    const neg = hv.findIndex((v) => v < 0);
    expect(av[neg]!).toBeCloseTo(0.2 * hv[neg]!, 5);
    tf.dispose([z, h, act]);
    state.dispose();
  });

  it("compute() = mean(logits[:,0] − logits[:,1]) and needs the state", () => {
    const state = createDiscriminatorState("z", 4, 1, tf.train.adam(1e-3), 2, 16);
    const z = randn([8, 4], 2);
    const ctx = ctxWith({ latents: { z: { sample: z } }, batchSize: 8 });
    const logits = state.discriminator.logits(z);
    const l = logits.arraySync();
    const want = l.reduce((a, r) => a + r[0]! - r[1]!, 0) / l.length;
    expect(val(totalCorrelation.compute(ctx, args, state))).toBeCloseTo(want, 5);
    expect(() => totalCorrelation.compute(ctx, args)).toThrow(/needs the state/);
    tf.dispose([z, logits]);
    state.dispose();
  });
});

describe("gradient routing", () => {
  it("update() trains only the discriminator; the main step updates only its own variables", () => {
    const encoderW = tf.variable(randn([3, 4], 9), true, "test_encoder_w");
    const x = randn([32, 3], 10);
    const state = createDiscriminatorState("z", 4, 5, tf.train.adam(1e-2, 0.5, 0.9), 2, 16);
    const snapshot = (vs: tf.Variable[]) => vs.map((v) => Array.from(v.dataSync()));
    const changed = (a: number[][], b: number[][]) =>
      a.some((r, i) => r.some((v, j) => v !== b[i]![j]));

    // D step on detached z: the encoder is untouched, D changes.
    const zDetached = tf.tidy(() => tf.matMul(x, encoderW)) as tf.Tensor2D;
    const enc0 = snapshot([encoderW]);
    const d0 = snapshot(state.variables as tf.Variable[]);
    const logged = state.update(ctxWith({ latents: { z: { sample: zDetached } }, batchSize: 32 }));
    expect(Number.isFinite(logged.d_loss!)).toBe(true);
    expect(changed(enc0, snapshot([encoderW]))).toBe(false);
    const d1 = snapshot(state.variables as tf.Variable[]);
    expect(changed(d0, d1)).toBe(true);

    // Main step on the TC term: var list = the encoder only. The gradient reaches the encoder
    // through D, and D's variables are not updated by the main optimizer.
    const main = tf.train.sgd(0.1);
    main.minimize(
      () => {
        const z = tf.matMul(x, encoderW) as tf.Tensor2D;
        return totalCorrelation.compute(
          ctxWith({ latents: { z: { sample: z } }, batchSize: 32 }),
          args,
          state,
        );
      },
      false,
      [encoderW],
    );
    expect(changed(enc0, snapshot([encoderW]))).toBe(true);
    expect(changed(d1, snapshot(state.variables as tf.Variable[]))).toBe(false);
    tf.dispose([encoderW, x, zDetached]);
    main.dispose();
    state.dispose();
  });

  it("the discriminator learns to tell z from permute_dims(z) when the dims are dependent", () => {
    const state = createDiscriminatorState("z", 2, 7, tf.train.adam(3e-3, 0.5, 0.9), 2, 32);
    const losses: number[] = [];
    for (let step = 0; step < 150; step++) {
      const z = tf.tidy(() => {
        const a = randn([64, 1], 100 + step);
        return tf.concat([a, a], 1) as tf.Tensor2D; // z2 = z1: total correlation is large
      });
      losses.push(state.update(ctxWith({ latents: { z: { sample: z } }, batchSize: 64 })).d_loss!);
      z.dispose();
    }
    const first = losses.slice(0, 10).reduce((a, b) => a + b) / 10;
    const last = losses.slice(-10).reduce((a, b) => a + b) / 10;
    expect(first).toBeGreaterThan(0.6); // ≈ ln 2 at the start
    expect(last).toBeLessThan(first - 0.15);
    state.dispose();
  });
});

describe("discriminator loss and permute_dims", () => {
  it("loss is −½ mean log softmax(l_z)[:,0] − ½ mean log softmax(l_perm)[:,1], finite for huge logits", () => {
    const lz = tf.tensor2d([
      [2, -1],
      [0.5, 0.5],
    ]);
    const lp = tf.tensor2d([
      [-3, 1],
      [1e4, -1e4],
    ]);
    const ls = (a: number, b: number, k: 0 | 1) => {
      const m = Math.max(a, b);
      const lse = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
      return (k === 0 ? a : b) - lse;
    };
    const want =
      -0.5 * ((ls(2, -1, 0) + ls(0.5, 0.5, 0)) / 2) - 0.5 * ((ls(-3, 1, 1) + ls(1e4, -1e4, 1)) / 2);
    const got = val(discriminatorLoss(lz, lp));
    expect(Number.isFinite(got)).toBe(true);
    expect(got).toBeCloseTo(want, 2);
    expect(val(densityRatioTc(lz))).toBeCloseTo((3 + 0) / 2, 6);
    tf.dispose([lz, lp]);
  });
  it("permute_dims shuffles each column independently (a permutation of that column)", () => {
    const B = 50;
    const z = tf.tensor2d(Array.from({ length: B }, (_, i) => [i, 100 + i, 200 + i]));
    const p = permuteDims(z, mulberry32(1)).arraySync();
    for (let j = 0; j < 3; j++) {
      const col = p.map((r) => r[j]!).sort((a, b) => a - b);
      expect(col).toEqual(Array.from({ length: B }, (_, i) => 100 * j + i));
    }
    // columns use different permutations
    expect(p.map((r) => r[0]! - r[1]!).some((d) => d !== -100)).toBe(true);
    z.dispose();
  });
});
