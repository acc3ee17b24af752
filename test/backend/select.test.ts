import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { selectBackend, TENSORFLOW_INSTALL_HELP } from "../../runtime/backend/select.js";
import {
  WASM_KERNEL_PACK,
  wasmKernelsInstalled,
} from "../../runtime/backend/wasm-kernels/index.js";

describe("selectBackend", () => {
  it("'tensorflow' throws the install instructions when tfjs-node is absent", async () => {
    await expect(selectBackend("tensorflow", { quiet: true })).rejects.toThrow(
      TENSORFLOW_INSTALL_HELP,
    );
    const msg = TENSORFLOW_INSTALL_HELP;
    for (const needle of [
      "@tensorflow/tfjs-node@4.22.0",
      "@tensorflow/tfjs-node-gpu@4.22.0",
      "CUDA 11.2",
      "cuDNN 8.1",
      "Node <= 22",
      "TF_FORCE_GPU_ALLOW_GROWTH=true",
    ]) {
      expect(msg).toContain(needle);
    }
  });

  it("'auto' picks wasm here and says why; twice is fine", async () => {
    const a = await selectBackend("auto", { quiet: true });
    expect(a.name).toBe("wasm");
    expect(a.detail).toMatch(/tensorflow unavailable/);
    expect(a.detail).toMatch(/SIMD/);
    expect(tf.getBackend()).toBe("wasm");
    const b = await selectBackend("auto", { quiet: true });
    expect(b.name).toBe("wasm");
    expect(wasmKernelsInstalled()).toBe(true);
    for (const k of WASM_KERNEL_PACK)
      expect(tf.getKernel(k.kernelName, "wasm")?.kernelFunc).toBe(k.kernelFunc);
  });

  it("switches between cpu and wasm and keeps the kernel pack", async () => {
    expect((await selectBackend("cpu", { quiet: true })).name).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect((await selectBackend("wasm", { quiet: true })).name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(wasmKernelsInstalled()).toBe(true);
    // The pack works after re-activation: a filter gradient (missing on stock wasm).
    const g = tf.grad((w: tf.Tensor) =>
      tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, w as tf.Tensor4D, 2, "valid").sum(),
    )(tf.zeros([2, 2, 1, 1]));
    expect(Array.from(g.dataSync())).toEqual([4, 4, 4, 4]);
  });

  it("rejects an unknown name with the valid choices", async () => {
    await expect(selectBackend("gpu" as never, { quiet: true })).rejects.toThrow(
      /auto, tensorflow, wasm, cpu/,
    );
  });
});
