import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { createScm } from "../../runtime/causal/index.js";
import {
  PENDULUM_TRUE_EDGES,
  structuralHammingDistance,
  thresholdEdges,
} from "../../runtime/causal/graph.js";
import { dag, labelAlign } from "../../stdlib/index.js";
import { ctxWith } from "../stdlib/helpers.js";

const num = (t: tf.Tensor) => t.dataSync()[0]!;
/** float64 z-score of a column (population std, as tf.moments), + 1e-6 like standardiseLabels. */
function zscore(col: number[]): number[] {
  const m = col.reduce((s, v) => s + v, 0) / col.length;
  const sd = Math.sqrt(col.reduce((s, v) => s + (v - m) ** 2, 0) / col.length);
  return col.map((v) => (v - m) / (sd + 1e-6));
}

describe("label_align under causal_vae (ctx.extra from the backbone)", () => {
  const y = [
    [0.1, 2],
    [0.5, 3],
    [-0.3, 7],
    [0.9, 1],
  ];
  const u = [0, 1].map((j) => zscore(y.map((r) => r[j]!))); // [n][B]
  const causal = [
    [0.2, -0.1, 1, 0.5],
    [0.3, 0.3, -1, 0],
    [-0.5, 0.1, 0.2, 0.2],
    [1, 1, -0.5, 0.4],
  ]; // [B, n·k], n=2, k=2
  const masked = causal.map((r) => r.map((v) => v * 0.5 - 0.1));
  const kl = (m: number[][]) =>
    m.reduce(
      (s, r, b) => s + r.reduce((t, v, d) => t + 0.5 * (v - u[Math.floor(d / 2)]![b]!) ** 2, 0),
      0,
    ) / m.length;
  const ctx = ctxWith({
    y: tf.tensor2d(y),
    latents: { z: { mu: tf.zeros([4, 4]), logvar: tf.zeros([4, 4]), sample: tf.zeros([4, 4]) } },
    extra: {
      "z.causal": tf.tensor2d(causal),
      "z.masked": tf.tensor2d(masked),
      "z.label_recon": tf.tensor2d([
        [0, 1],
        [1, 0],
        [0.5, 0.5],
        [-1, 2],
      ]),
    },
  });

  it("prior_kl = KL of the causal mean + KL of the masked mean to N(ũ, 1) (official kl + mask_l)", () => {
    expect(
      num(labelAlign.compute(ctx, { latent: "z", labels: "y", form: "prior_kl" })),
    ).toBeCloseTo(kl(causal) + kl(masked), 4);
  });

  it("label_recon = mean_b Σ_i (û − ũ)²", () => {
    const uh = [
      [0, 1],
      [1, 0],
      [0.5, 0.5],
      [-1, 2],
    ];
    const ref =
      uh.reduce((s, r, b) => s + r.reduce((t, v, i) => t + (v - u[i]![b]!) ** 2, 0), 0) / 4;
    expect(
      num(labelAlign.compute(ctx, { latent: "z", labels: "y", form: "label_recon" })),
    ).toBeCloseTo(ref, 4);
    const bare = ctxWith({ y: tf.tensor2d(y), latents: ctx.latents });
    expect(() =>
      labelAlign.compute(bare, { latent: "z", labels: "y", form: "label_recon" }),
    ).toThrow(/causal_vae/);
  });
});

describe("3·dag(A) + 0.5·dag(A)² through the SCM", () => {
  it("is 0 with zero gradient on A for a DAG and positive with a gradient on a 2-cycle", () => {
    for (const [init, positive] of [
      [
        [
          [0, 0.8, 0.5],
          [0, 0, 0.3],
          [0, 0, 0],
        ],
        false,
      ],
      [
        [
          [0, 0.8, 0],
          [0.6, 0, 0],
          [0, 0, 0],
        ],
        true,
      ],
    ] as const) {
      const s = createScm({
        concepts: ["a", "b", "c"],
        conceptSize: 1,
        init,
        seed: 0,
        name: `dag${String(positive)}`,
      });
      const aVar = s.model.trainableWeights[0]!.read() as tf.Variable;
      const f = () => {
        const ctx = ctxWith({ extra: { A: s.adjacency() } });
        const h = dag.compute(ctx, { scm: "A", form: "polynomial" });
        return tf.add(tf.mul(3, h), tf.mul(0.5, tf.square(h))) as tf.Scalar;
      };
      const { value, grads } = tf.variableGrads(f, [aVar]);
      // tr((I + B)^3) − 3 = 3 tr B + 3 tr B² + tr B³ with B = A∘A/3; for the 2-cycle a⇄b only
      // tr B² = 2 (0.64/3)(0.36/3) is non-zero
      const h = positive ? 3 * 2 * (0.64 / 3) * (0.36 / 3) : 0;
      expect(num(value)).toBeCloseTo(3 * h + 0.5 * h * h, 4);
      const gmax = Math.max(...(grads[aVar.name]!.arraySync() as number[][]).flat().map(Math.abs));
      if (positive) expect(gmax).toBeGreaterThan(0.01);
      else expect(gmax).toBe(0);
    }
  });
});

describe("structural Hamming distance", () => {
  const concepts = ["pendulum_angle", "light_angle", "shadow_length", "shadow_position"];
  it("is 0 for the true graph, counts a reversal once and missing / extra edges each", () => {
    const truth = [
      [0, 0, 1, 1],
      [0, 0, 1, 1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    expect(
      structuralHammingDistance(thresholdEdges(truth, concepts, 0.3), PENDULUM_TRUE_EDGES),
    ).toBe(0);
    const est = [
      [0, 0.5, 0, 1],
      [0, 0, 1, 1],
      [0.9, 0, 0, 0],
      [0, 0, 0, 0.2],
    ]; // extra a→l, reversed a→len
    expect(structuralHammingDistance(thresholdEdges(est, concepts, 0.3), PENDULUM_TRUE_EDGES)).toBe(
      2,
    );
    expect(structuralHammingDistance([], PENDULUM_TRUE_EDGES)).toBe(4);
  });
});
