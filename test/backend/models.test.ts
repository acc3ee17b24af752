import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import {
  adamStep,
  convBetaVae,
  mlpVae,
  type ProbeModel,
} from "../../runtime/backend/probe-models.js";
import { backendBuffers, initBackends, randn, relErr } from "./helpers.js";

/** Loss and all parameter gradients of `make()` on one backend (batch B, fixed seeds). */
async function lossAndGrads(
  backend: string,
  make: () => ProbeModel,
  xShape: number[],
): Promise<{ loss: number; grads: Float32Array[] }> {
  await tf.setBackend(backend);
  const m = make();
  const n = xShape.reduce((a, b) => a * b);
  const x = tf.tensor(
    Float32Array.from(randn(n, 5), (v) => (v > 0 ? 1 : 0)),
    xShape,
  );
  const eps = tf.tensor2d(randn((xShape[0] ?? 1) * 10, 6), [xShape[0] ?? 1, 10]);
  const { value, grads } = tf.variableGrads(() => m.loss(x, eps), m.params);
  const out = {
    loss: value.dataSync()[0] ?? NaN,
    grads: m.params.map((p) => Float32Array.from((grads[p.name] as tf.Tensor).dataSync())),
  };
  tf.dispose([value, x, eps, ...Object.values(grads)]);
  m.dispose();
  return out;
}

describe("whole models: wasm (with the kernel pack) vs cpu", () => {
  beforeAll(initBackends);

  it("conv β-VAE (disentanglement_lib backbone) loss and all 26 gradients agree", async () => {
    const ref = await lossAndGrads("cpu", () => convBetaVae({ seed: 3 }), [1, 64, 64, 1]);
    const got = await lossAndGrads("wasm", () => convBetaVae({ seed: 3 }), [1, 64, 64, 1]);
    expect(ref.grads.length).toBe(26);
    expect(Math.abs(got.loss - ref.loss) / Math.abs(ref.loss)).toBeLessThan(1e-5);
    ref.grads.forEach((g, i) =>
      expect(relErr(got.grads[i] as Float32Array, g), `param ${i}`).toBeLessThan(1e-4),
    );
    await tf.setBackend("cpu");
  });

  it("MLP VAE loss and gradients agree", async () => {
    const ref = await lossAndGrads("cpu", () => mlpVae({ seed: 4 }), [2, 4096]);
    const got = await lossAndGrads("wasm", () => mlpVae({ seed: 4 }), [2, 4096]);
    expect(Math.abs(got.loss - ref.loss) / Math.abs(ref.loss)).toBeLessThan(1e-5);
    ref.grads.forEach((g, i) =>
      expect(relErr(got.grads[i] as Float32Array, g), `param ${i}`).toBeLessThan(1e-4),
    );
    await tf.setBackend("cpu");
  });

  it("Adam steps on wasm leak no tensors or backend buffers and reduce the loss", async () => {
    await tf.setBackend("wasm");
    const m = convBetaVae({ seed: 5 });
    const opt = tf.train.adam(1e-3);
    // A fixed, learnable batch: 4 copies of one blob image.
    const img = new Float32Array(64 * 64).map((_, i) =>
      Math.hypot((i % 64) - 30, Math.floor(i / 64) - 34) < 9 ? 1 : 0,
    );
    const x = tf.tensor4d(
      new Float32Array(4 * 4096).map((_, i) => img[i % 4096] as number),
      [4, 64, 64, 1],
    );
    const eps = tf.zeros([4, 10]);
    const first = adamStep(m, opt, x, eps); // creates the optimizer slots
    const tensors = tf.memory().numTensors;
    const buffers = backendBuffers();
    let last = first;
    for (let i = 0; i < 4; i++) last = adamStep(m, opt, x, eps);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendBuffers()).toBe(buffers);
    expect(last).toBeLessThan(first);
    opt.dispose();
    m.dispose();
    tf.dispose([x, eps]);
    await tf.setBackend("cpu");
  });
});
