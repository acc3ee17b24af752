/**
 * disc's SIMD kernels (runtime/backend/simd/): the committed module bytes are kernels.wat as it
 * stands (so an edit without `npm run build:wasm` fails here), the kernels are available when
 * wasm threads are on (a silent fall-back to JS fails here), the Adam kernel is bit-identical to
 * the JS one on every lane, and the sharing Identity kernel (wasm-kernels/identity.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { assembleKernels } from "../../runtime/backend/simd/assemble.js";
import { KERNELS_WASM_BASE64 } from "../../runtime/backend/simd/kernels-wasm.js";
import { simdKernelsFor } from "../../runtime/backend/simd/index.js";
import { adamKernel } from "../../runtime/backend/js-kernels.js";
import { expectSame, initBackends, randn } from "./helpers.js";

interface Heap {
  wasm: { wasmMemory?: unknown; HEAPU8: Uint8Array };
  dataIdMap: { get(id: object): { memoryOffset: number; refCount: number } };
}
const heap = () => tf.backend() as unknown as Heap;
const offset = (t: tf.Tensor) => heap().dataIdMap.get(t.dataId).memoryOffset;

describe("SIMD kernels", () => {
  beforeAll(async () => {
    await initBackends();
    await tf.setBackend("wasm");
  });

  it("kernels-wasm.ts is kernels.wat assembled (npm run build:wasm)", async () => {
    const bytes = await assembleKernels();
    expect(Buffer.from(bytes).toString("base64")).toBe(KERNELS_WASM_BASE64);
  });

  it("are available on the threaded wasm build", () => {
    expect(simdKernelsFor(heap().wasm.wasmMemory)).not.toBeNull();
  });

  it("adam = adamKernel bit for bit (θ to a separate output, m, v in place)", () => {
    const n = 4 * 2501;
    const k = simdKernelsFor(heap().wasm.wasmMemory)!;
    const make = () => [
      tf.tensor1d(randn(n, 1)),
      tf.zeros([n]),
      tf.tensor1d(randn(n, 2).map((x) => 0.1 * x)),
      tf.tensor1d(randn(n, 3).map((x) => 1e-3 * x * x)),
      tf.tensor1d(randn(n, 4).map((x) => 1e-2 * x)),
    ];
    const js = make();
    const wasm = make();
    const s = [
      0.7,
      0.9,
      0.999,
      5e-4 / (1 - 0.9 ** 3),
      1 / Math.sqrt(1 - 0.999 ** 3),
      1e-8,
    ] as const;
    const views = (ts: tf.Tensor[]) =>
      ts.map((t) => new Float32Array(heap().wasm.HEAPU8.buffer, offset(t), n));
    const [th, out, m, v, g] = views(js);
    const sqJs = adamKernel(th!, out!, m!, v!, g!, ...s);
    const sqWasm = k.adam(
      ...(wasm.map(offset) as [number, number, number, number, number]),
      n / 4,
      ...s,
    );
    const a = js.map((t) => t.dataSync());
    const b = wasm.map((t) => t.dataSync());
    for (const i of [1, 2, 3]) {
      expect(Buffer.compare(Buffer.from(b[i]!.buffer), Buffer.from(a[i]!.buffer))).toBe(0);
    }
    expect(Array.from(b[1]!.slice(0, 3))).not.toEqual(Array.from(a[0]!.slice(0, 3)));
    expect(sqWasm).toBeCloseTo(sqJs, 9);
    tf.dispose([...js, ...wasm]);
  });

  it("Identity (and Cast to the same dtype) share the buffer; the clone outlives its source", () => {
    const x = tf.tensor2d(randn(12, 9), [3, 4]);
    const y = tf.clone(x);
    expect(y.dataId).toBe(x.dataId);
    expect(heap().dataIdMap.get(x.dataId).refCount).toBe(2);
    const want = Array.from(x.dataSync());
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(want);
    expect(tf.clone(tf.tensor1d(["a", "b"], "string")).dataSync()).toEqual(["a", "b"]);
    // a same-dtype cast shares too; a real cast converts
    const z = tf.cast(y, "float32");
    expect(z.dataId).toBe(y.dataId);
    const i = tf.cast(tf.tensor1d([1.7, -2.2]), "int32");
    expect(Array.from(i.dataSync())).toEqual([1, -2]);
    expect(Array.from(tf.cast(tf.tensor1d([0, 3], "int32"), "bool").dataSync())).toEqual([0, 1]);
    tf.dispose([y, z, i]);
  });
});

describe("Relu gradient (wasm-kernels/relu-grad.ts)", () => {
  beforeAll(initBackends);

  // sizes: a tail of 3 after the 4-lane blocks; above the two-thread threshold
  for (const shape of [
    [7, 5, 3],
    [64, 33, 33, 2],
  ]) {
    it(`equals the cpu's dy · step(x), first and second order, for [${shape.join(",")}]`, async () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const xv = randn(n, 61);
      xv[0] = 0; // step(0) = 0
      const wv = randn(n, 62);
      await expectSame(() => {
        const x = tf.tensor(xv, shape);
        const w = tf.tensor(wv, shape);
        const f = (t: tf.Tensor) => tf.relu(t).mul(w).sum();
        // ∂/∂w of Σ (∂f/∂x)·w: differentiates through the gradient's own kernel
        const g = (u: tf.Tensor) =>
          tf
            .grad((t: tf.Tensor) => tf.relu(t).mul(u).sum())(x)
            .mul(w)
            .sum();
        return [tf.grad(f)(x), tf.grad(g)(w)];
      }, 1e-6);
    });
  }

  it("runs one kernel on wasm and propagates NaN like tfjs's three-kernel form", async () => {
    await tf.setBackend("wasm");
    const x = tf.tensor1d([NaN, -1, 2, 0, 3]);
    const dy = tf.tensor1d([1, NaN, 5, Infinity, -2]);
    const prof = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.relu(t).mul(dy).sum())(x));
    expect(prof.kernelNames).toContain("DiscReluGrad");
    expect(prof.kernelNames).not.toContain("Step");
    const got = tf.grad((t: tf.Tensor) => tf.relu(t).mul(dy).sum())(x);
    expect(Array.from(got.dataSync())).toEqual([NaN, NaN, 5, NaN, -2]);
    tf.dispose([x, dy, got]);
  });
});
