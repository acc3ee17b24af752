/**
 * InfoGAN's mutual-information bound L_I = E[log Q(c|x)] + H(c) (Chen et al. 2016, eq. 5):
 * the prior entropies, the Q log-likelihoods, L_I ≤ H(c), and the best-permutation accuracy of a
 * categorical code used as a classifier.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { info, infoLogQ, priorEntropy } from "../../stdlib/penalties/info.js";
import { bestAssignment, categoricalCodeAccuracy } from "../../runtime/train/gan-accuracy.js";
import type { TermContext } from "../../stdlib/types.js";

const LN10 = 2.302585092994046;

function ctxFor(
  code: string,
  c: tf.Tensor2D,
  q: tf.Tensor2D,
  distribution: string,
  args: Record<string, number>,
): TermContext {
  return {
    x: tf.zeros([c.shape[0], 1, 1, 1]) as tf.Tensor4D,
    latents: { [code]: { sample: c } },
    outputs: { [code]: q },
    likelihoods: {},
    step: 0,
    batchSize: c.shape[0],
    datasetSize: 1,
    extra: {},
    priors: { [code]: { distribution, args } },
  };
}

describe("info: constants of the bound", () => {
  it("H(Cat(10)) = ln 10, H(U(-1,1)^2) = 2 ln 2, H(N(0,I_3)) = 3/2 ln 2πe", () => {
    expect(priorEntropy("categorical", { k: 10 })).toBe(Math.log(10));
    expect(priorEntropy("categorical", { k: 10 })).toBeCloseTo(LN10, 15);
    expect(priorEntropy("uniform", { low: -1, high: 1, size: 2 })).toBeCloseTo(2 * Math.LN2, 12);
    expect(priorEntropy("normal", { shape: 3 })).toBeCloseTo(
      1.5 * Math.log(2 * Math.PI * Math.E),
      12,
    );
  });

  it("uniform Q logits give L_I = 0; confident correct logits give L_I → ln 10; any Q gives L_I ≤ ln 10", () => {
    tf.tidy(() => {
      const idx = [3, 1, 4, 1, 5, 9, 2, 6];
      const c = tf.oneHot(tf.tensor1d(idx, "int32"), 10).toFloat() as tf.Tensor2D;
      const flat = info.compute(ctxFor("c", c, tf.zeros([8, 10]), "categorical", { k: 10 }), {
        code: "c",
        routing: "paper",
        std: "fixed",
      });
      expect(flat.dataSync()[0]).toBeCloseTo(0, 6);
      const sure = info.compute(
        ctxFor("c", c, tf.mul(c, 40) as tf.Tensor2D, "categorical", { k: 10 }),
        { code: "c", routing: "paper", std: "fixed" },
      );
      expect(sure.dataSync()[0]).toBeCloseTo(LN10, 5);
      const random = tf.randomNormal([8, 10], 0, 3, "float32", 7) as tf.Tensor2D;
      const li = info
        .compute(ctxFor("c", c, random, "categorical", { k: 10 }), {
          code: "c",
          routing: "paper",
          std: "fixed",
        })
        .dataSync()[0]!;
      // L_I = ln 10 − CE(c, softmax(q)), CE computed by hand
      const logits = random.arraySync();
      let ce = 0;
      idx.forEach((k, b) => {
        const row = logits[b]!;
        const m = Math.max(...row);
        const lse = m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
        ce += (lse - row[k]!) / idx.length;
      });
      expect(li).toBeCloseTo(LN10 - ce, 4);
      expect(li).toBeLessThanOrEqual(LN10);
    });
  });

  it("continuous code, fixed std: log Q = Σ_d −½ ln 2π − ½ (c − m)²; learned std uses s = sqrt(exp(raw))", () => {
    tf.tidy(() => {
      const c = tf.tensor2d([[0.5, -0.25]]);
      const m = tf.tensor2d([[0.1, 0.25]]);
      const fixed = infoLogQ(c, m, false, false).dataSync()[0]!;
      expect(fixed).toBeCloseTo(-Math.log(2 * Math.PI) - 0.5 * (0.4 ** 2 + 0.5 ** 2), 6);
      const raw = [Math.log(4), 0]; // s = 2, 1
      const learned = infoLogQ(c, tf.tensor2d([[0.1, 0.25, ...raw]]), false, true).dataSync()[0]!;
      expect(learned).toBeCloseTo(
        -Math.log(2 * Math.PI) - Math.log(2) - 0.5 * (0.2 ** 2 + 0.5 ** 2),
        6,
      );
    });
  });
});

describe("categorical code accuracy (best one-to-one code → label map)", () => {
  it("finds the permutation and counts correct points", () => {
    const labels = [0, 0, 1, 1, 2, 2, 2, 0];
    const codes = [2, 2, 0, 0, 1, 1, 0, 2]; // code 2 → label 0, 0 → 1, 1 → 2; one error (index 6)
    const r = categoricalCodeAccuracy(codes, labels, 3);
    expect(r.mapping).toEqual([1, 2, 0]);
    expect(r.accuracy).toBeCloseTo(7 / 8, 12);
  });

  it("matches brute force on a random 6×6 confusion matrix", () => {
    let s = 12345;
    const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const counts = Array.from({ length: 6 }, () =>
      Array.from({ length: 6 }, () => Math.floor(rand() * 50)),
    );
    let best = 0;
    const perm = (used: number[], score: number) => {
      if (used.length === 6) return void (best = Math.max(best, score));
      for (let l = 0; l < 6; l++)
        if (!used.includes(l)) perm([...used, l], score + counts[used.length]![l]!);
    };
    perm([], 0);
    expect(bestAssignment(counts).correct).toBe(best);
  });

  it("rejects mismatched lengths and out-of-range codes", () => {
    expect(() => categoricalCodeAccuracy([0, 1], [0], 2)).toThrow(/2 codes but 1 labels/);
    expect(() => categoricalCodeAccuracy([5], [0], 2)).toThrow(/outside \[0, 2\)/);
  });
});
