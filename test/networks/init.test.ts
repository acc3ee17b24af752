import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { conv64 } from "../../stdlib/networks/conv64.js";
import { deconv64 } from "../../stdlib/networks/deconv64.js";

/** max |w| of a weight tensor. */
function maxAbs(t: tf.Tensor): number {
  let m = 0;
  for (const v of t.dataSync()) m = Math.max(m, Math.abs(v));
  return m;
}

/** PyTorch's fan-in: in·k·k for a kernel [k, k, in, out]; a dense kernel [in, out] gives in. */
function fanIn(shape: number[]): number {
  return shape.length === 2 ? shape[0]! : shape[0]! * shape[1]! * shape[2]!;
}

describe("conv64 / deconv64 init", () => {
  it("torch: kernels and biases lie in ±1/√fan_in and fill most of it (PyTorch's default)", () => {
    const nets = [
      conv64.build({ init: "torch" }, { input: [64, 64, 1], output: [20] }, 3),
      deconv64.build({ init: "torch" }, { input: [10], output: [64, 64, 1] }, 3),
    ];
    for (const net of nets) {
      const ws = net.getWeights();
      for (let i = 0; i < ws.length; i += 2) {
        const bound = 1 / Math.sqrt(fanIn(ws[i]!.shape));
        for (const w of [ws[i]!, ws[i + 1]!]) {
          const m = maxAbs(w);
          expect(m).toBeLessThanOrEqual(bound * (1 + 1e-6));
          // biases of 1 unit (the last deconv) are one draw; every other tensor nearly reaches the bound
          if (w.size > 16) expect(m).toBeGreaterThan(0.8 * bound);
        }
      }
    }
  });

  it("glorot (default): zero biases, and the same weights as with no init argument", () => {
    const a = conv64.build({}, { input: [64, 64, 1], output: [20] }, 5).getWeights();
    const b = conv64
      .build({ init: "glorot" }, { input: [64, 64, 1], output: [20] }, 5)
      .getWeights();
    a.forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(b[i]!.dataSync())));
    for (let i = 1; i < a.length; i += 2) expect(maxAbs(a[i]!)).toBe(0);
  });

  it("torch: the same seed gives the same weights, another seed others", () => {
    const io = { input: [10], output: [64, 64, 1] };
    const w1 = deconv64.build({ init: "torch" }, io, 7).getWeights()[1]!.dataSync();
    const w2 = deconv64.build({ init: "torch" }, io, 7).getWeights()[1]!.dataSync();
    const w3 = deconv64.build({ init: "torch" }, io, 8).getWeights()[1]!.dataSync();
    expect(Array.from(w1)).toEqual(Array.from(w2));
    expect(Array.from(w1)).not.toEqual(Array.from(w3));
  });
});
