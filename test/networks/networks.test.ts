import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { conv28, conv64, deconv28, deconv64, mlp, networks } from "../../stdlib/networks/index.js";
import { trunkModel } from "../../runtime/nn/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Output shape (without batch) of every layer whose name matches a kind, in order. */
function shapesOf(model: tf.LayersModel, kind: string): number[][] {
  return model.layers
    .filter((l) => l.getClassName() === kind)
    .map((l) => (l.outputShape as number[]).slice(1));
}

function countParams(model: tf.LayersModel): number {
  return model.countParams();
}

describe("network registry", () => {
  it("exports six uniquely named networks", () => {
    expect(networks.map((n) => n.name)).toEqual([
      "mlp",
      "conv64",
      "deconv64",
      "conv28",
      "deconv28",
      "unet",
    ]);
  });
});

describe("conv64 (disentanglement_lib conv_encoder)", () => {
  it("has the Burgess layer shapes on 64×64 and the dlib parameter count", () => {
    const m = conv64.build({}, { input: [64, 64, 1], output: [20] }, 0);
    expect(shapesOf(m, "Conv2D")).toEqual([
      [32, 32, 32],
      [16, 16, 32],
      [8, 8, 64],
      [4, 4, 64],
    ]);
    expect(shapesOf(m, "Dense")).toEqual([[256], [20]]);
    // conv: 4·4·1·32+32, 4·4·32·32+32, 2·2·32·64+64, 2·2·64·64+64; dense 1024·256+256, 256·20+20
    const expected = 544 + 16416 + 8256 + 16448 + 262400 + 5140;
    expect(countParams(m)).toBe(expected);
  });
  it("accepts 32×32 inputs with smaller maps and rejects other sizes", () => {
    const m = conv64.build({}, { input: [32, 32, 3], output: [20] }, 0);
    expect(shapesOf(m, "Conv2D").map((s) => s[0])).toEqual([16, 8, 4, 2]);
    expect(() => conv64.build({}, { input: [48, 48, 1], output: [20] }, 0)).toThrow(
      /S in \{32, 64\}/,
    );
    expect(() =>
      conv64.build({ channels: [32, 32] }, { input: [64, 64, 1], output: [20] }, 0),
    ).toThrow(/4 entries/);
  });
  it("is deterministic in the seed and different across seeds", () => {
    const a = conv64.build({}, { input: [32, 32, 1], output: [4] }, 7);
    const b = conv64.build({}, { input: [32, 32, 1], output: [4] }, 7);
    const c = conv64.build({}, { input: [32, 32, 1], output: [4] }, 8);
    const w = (m: tf.LayersModel) => Array.from(m.getWeights()[0]!.dataSync());
    expect(w(a)).toEqual(w(b));
    expect(w(a)).not.toEqual(w(c));
    // the first and second conv kernels get different seeds
    expect(Array.from(a.getWeights()[2]!.dataSync()).slice(0, 5)).not.toEqual(w(a).slice(0, 5));
  });
});

describe("deconv64 (disentanglement_lib deconv_decoder)", () => {
  it("up-samples 4→64 for 64×64 outputs", () => {
    const m = deconv64.build({}, { input: [10], output: [64, 64, 1] }, 0);
    expect(shapesOf(m, "Dense")).toEqual([[256], [1024]]);
    expect(shapesOf(m, "Conv2DTranspose")).toEqual([
      [8, 8, 64],
      [16, 16, 32],
      [32, 32, 32],
      [64, 64, 1],
    ]);
    const y = m.predict(tf.zeros([2, 10])) as tf.Tensor;
    expect(y.shape).toEqual([2, 64, 64, 1]);
  });
  it("starts at 2×2 for 32×32 outputs", () => {
    const m = deconv64.build({}, { input: [10], output: [32, 32, 3] }, 0);
    expect(shapesOf(m, "Dense")).toEqual([[256], [256]]);
    expect(shapesOf(m, "Conv2DTranspose")).toEqual([
      [4, 4, 64],
      [8, 8, 32],
      [16, 16, 32],
      [32, 32, 3],
    ]);
  });
});

describe("conv28 / deconv28 (InfoGAN MNIST)", () => {
  it("conv28 has the InfoGAN discriminator trunk", () => {
    const m = conv28.build({}, { input: [28, 28, 1], output: [1] }, 0);
    expect(shapesOf(m, "Conv2D")).toEqual([
      [14, 14, 64],
      [7, 7, 128],
    ]);
    expect(shapesOf(m, "Dense")).toEqual([[1024], [1]]);
    expect(shapesOf(m, "BatchNormalization")).toEqual([[7, 7, 128], [1024]]);
    const leaky = m.layers.filter((l) => l.getClassName() === "LeakyReLU");
    expect(leaky.map((l) => (l.getConfig() as { alpha: number }).alpha)).toEqual([
      0.01, 0.01, 0.01,
    ]);
    const both = trunkModel(m).predict(tf.zeros([3, 28, 28, 1])) as tf.Tensor[];
    expect(both.map((t) => t.shape)).toEqual([
      [3, 1024],
      [3, 1],
    ]);
  });
  it("deconv28 generates 28×28 from 74 dims", () => {
    const m = deconv28.build({}, { input: [74], output: [28, 28, 1] }, 0);
    expect(shapesOf(m, "Dense")).toEqual([[1024], [6272]]);
    expect(shapesOf(m, "Conv2DTranspose")).toEqual([
      [14, 14, 64],
      [28, 28, 1],
    ]);
    // normal(0, 0.02) initialiser: the first kernel's std is ≈ 0.02
    const k = m.getWeights()[0]!;
    const std = Math.sqrt(tf.moments(k).variance.dataSync()[0]!);
    expect(std).toBeGreaterThan(0.019);
    expect(std).toBeLessThan(0.021);
  });
});

describe("mlp", () => {
  it("flattens an image and reshapes to an image", () => {
    const m = mlp.build(
      { hidden: [8, 6], activation: "tanh" },
      { input: [4, 4, 1], output: [4, 4, 2] },
      1,
    );
    expect(shapesOf(m, "Dense")).toEqual([[8], [6], [32]]);
    expect((m.predict(tf.ones([2, 4, 4, 1])) as tf.Tensor).shape).toEqual([2, 4, 4, 2]);
    expect(countParams(m)).toBe(16 * 8 + 8 + 8 * 6 + 6 + 6 * 32 + 32);
  });
  it("computes relu(xW+b) exactly", () => {
    const m = mlp.build({ hidden: [3] }, { input: [2], output: [1] }, 3);
    const [w1, b1, w2, b2] = m.getWeights().map((t) => Array.from(t.dataSync()));
    const x = [0.5, -1.5];
    const h = [0, 1, 2].map((j) => Math.max(0, x[0]! * w1![j]! + x[1]! * w1![3 + j]! + b1![j]!));
    const y = h.reduce((s, hj, j) => s + hj * w2![j]!, b2![0]!);
    expect((m.predict(tf.tensor2d([x])) as tf.Tensor).dataSync()[0]).toBeCloseTo(y, 5);
  });
  it("rejects bad arguments with a clear message", () => {
    expect(() => mlp.build({ activation: "gelu" }, { input: [2], output: [1] }, 0)).toThrow(
      /activation.*relu, tanh, elu, leaky_relu/,
    );
    expect(() => mlp.build({ hidden: [0] }, { input: [2], output: [1] }, 0)).toThrow(
      /positive integers/,
    );
  });
});
