/**
 * The `unet` denoiser and its custom layers: GroupNorm against a float64 reference, the
 * sinusoidal embedding against its formula, the built model's inputs/outputs (ε̂ = 0 at
 * initialisation: zero-initialised output convolutions), z actually conditioning the output,
 * a JSON round trip through the registered classes, and clear errors for a bad geometry.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../runtime/index.js";
import { unet } from "../../stdlib/networks/unet.js";
import { unetLayers } from "../../stdlib/networks/unet-layers.js";

const { GroupNorm, SinusoidalEmbedding } = unetLayers();

const args = { channels: 8, multipliers: [1, 2], groups: 4, time_dim: 16 };

describe("unet layers", () => {
  it("GroupNorm normalises each (example, group) over H, W and C/G (float64 reference)", () => {
    const [b, h, w, c, g] = [2, 3, 3, 4, 2];
    const data = Array.from({ length: b * h * w * c }, (_, i) => Math.sin(i * 1.3) * (1 + (i % 5)));
    const out = tf
      .tidy(() => new GroupNorm({ groups: g }).apply(tf.tensor4d(data, [b, h, w, c])) as tf.Tensor)
      .dataSync();
    const idx = (n: number, p: number, ch: number) => (n * h * w + p) * c + ch;
    let worst = 0;
    for (let n = 0; n < b; n++) {
      for (let k = 0; k < g; k++) {
        const chans = [2 * k, 2 * k + 1];
        const vals: number[] = [];
        for (let p = 0; p < h * w; p++)
          for (const ch of chans) vals.push(data[idx(n, p, ch)] as number);
        const mean = vals.reduce((a, v) => a + v, 0) / vals.length;
        const variance = vals.reduce((a, v) => a + (v - mean) ** 2, 0) / vals.length;
        for (let p = 0; p < h * w; p++) {
          for (const ch of chans) {
            const want = ((data[idx(n, p, ch)] as number) - mean) / Math.sqrt(variance + 1e-5);
            worst = Math.max(worst, Math.abs((out[idx(n, p, ch)] as number) - want));
          }
        }
      }
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it("sinusoidal embedding = [cos(t f_i), sin(t f_i)], f_i = 10000^(−i/half)", () => {
    const e = tf
      .tidy(
        () =>
          new SinusoidalEmbedding({ dim: 8 }).apply(tf.tensor2d([0, 7, 999], [3, 1])) as tf.Tensor,
      )
      .arraySync() as number[][];
    for (const [row, t] of [
      [0, 0],
      [1, 7],
      [2, 999],
    ] as const) {
      for (let i = 0; i < 4; i++) {
        const f = Math.pow(10000, -i / 4);
        expect(e[row]?.[i]).toBeCloseTo(Math.cos(t * f), 3);
        expect(e[row]?.[i + 4]).toBeCloseTo(Math.sin(t * f), 3);
      }
    }
    expect(() => new SinusoidalEmbedding({ dim: 7 })).toThrow(/even/);
  });
});

describe("unet", () => {
  beforeAll(async () => {
    await selectBackend("wasm", { quiet: true });
  });

  it("builds [x_t, t, z] → ε̂ of the image's shape, zero at init, conditioned on z after an update", () => {
    const net = unet.build(args, { input: [32, 32, 1], output: [32, 32, 1], conditionSize: 3 }, 1);
    expect(net.inputs.map((i) => i.shape)).toEqual([
      [null, 32, 32, 1],
      [null, 1],
      [null, 3],
    ]);
    const x = tf.randomNormal([2, 32, 32, 1], 0, 1, "float32", 1);
    const t = tf.tensor2d([10, 500], [2, 1]);
    const z = tf.randomNormal([2, 3], 0, 1, "float32", 2);
    const out = net.apply([x, t, z]) as tf.Tensor;
    expect(out.shape).toEqual([2, 32, 32, 1]);
    expect(tf.max(tf.abs(out)).dataSync()[0]).toBe(0);
    // Three SGD steps away from zero init (output conv, then the blocks' last convs), the output depends on z.
    const opt = tf.train.sgd(0.1);
    for (let i = 0; i < 3; i++)
      opt.minimize(
        () => tf.mean(tf.square(tf.sub(net.apply([x, t, z]) as tf.Tensor, x))) as tf.Scalar,
      );
    const a = net.apply([x, t, z]) as tf.Tensor;
    const b2 = net.apply([x, t, tf.neg(z)]) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(a, b2))).dataSync()[0]).toBeGreaterThan(1e-6);
    tf.dispose([x, t, z, out, a, b2]);
    net.dispose();
  });

  it("round-trips through JSON (the custom layers are registered)", async () => {
    const net = unet.build(args, { input: [32, 32, 1], output: [32, 32, 1], conditionSize: 2 }, 3);
    const json = net.toJSON(null, false) as unknown as tf.io.ModelJSON["modelTopology"];
    const copy = await tf.models.modelFromJSON({ modelTopology: json } as tf.io.ModelJSON);
    expect(copy.countParams()).toBe(net.countParams());
    net.dispose();
    copy.dispose();
  });

  it("unconditional without conditionSize; clear errors for bad geometry", () => {
    const net = unet.build(args, { input: [64, 64, 3], output: [64, 64, 3] }, 1);
    expect(net.inputs).toHaveLength(2);
    net.dispose();
    expect(() => unet.build(args, { input: [28, 28, 1], output: [28, 28, 1] }, 1)).toThrow(
      /network unet: input must be an image/,
    );
    expect(() =>
      unet.build({ ...args, groups: 3 }, { input: [32, 32, 1], output: [32, 32, 1] }, 1),
    ).toThrow(/not a multiple of groups = 3/);
    expect(() => unet.build(args, { input: [32, 32, 1], output: [32, 32, 3] }, 1)).toThrow(
      /must equal the input/,
    );
  });
});
