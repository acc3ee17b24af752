/**
 * The heap worker (runtime/backend/heap-worker.ts), the second JS thread of the fused Adam update
 * and the blocked transpose: it must be running when
 * wasm threads are on (a silent fall-back to one thread fails here), and θ, m, v must come out
 * bit-identical to the one-thread update, with and without clipping, across a tensor split
 * between the two threads, and to the plain-JS kernel when the SIMD kernel (simd/kernels.wat)
 * runs the bulk.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { heapWorkerFor, type WasmMemory } from "../../runtime/backend/heap-worker.js";
import { fusedAdamStep, PARALLEL_ADAM_MIN } from "../../runtime/backend/fused-adam.js";
import { defaultWasmThreads } from "../../runtime/backend/select.js";
import { Scratch, type WasmBackendLike } from "../../runtime/backend/wasm-kernels/kernel-util.js";
import {
  PARALLEL_TRANSPOSE_MIN,
  transpose2d,
} from "../../runtime/backend/wasm-kernels/transpose-2d.js";
import { initBackends, randn } from "./helpers.js";

const memory = () =>
  (tf.backend() as unknown as { wasm: { wasmMemory?: WasmMemory } }).wasm.wasmMemory;

/** Two fused steps on fresh variables of `shapes`; returns θ, m, v and the two norms. */
function run(threads: 1 | 2, clipNorm: number, shapes: [number, number][], simd = true) {
  if (threads === 1) process.env["DISC_HEAP_WORKER"] = "0";
  else delete process.env["DISC_HEAP_WORKER"];
  if (!simd) process.env["DISC_SIMD"] = "0";
  const vars = shapes.map((s, i) =>
    tf.variable(tf.tensor2d(randn(s[0] * s[1], 40 + i), s), true, `adam_pool_${threads}_${i}`),
  );
  const opt = tf.train.adam(1e-2, 0.9, 0.999, 1e-8);
  const norms: number[] = [];
  for (let step = 0; step < 2; step++) {
    const grads = shapes.map((s, i) => tf.tensor2d(randn(s[0] * s[1], 60 + 7 * step + i), s));
    norms.push(fusedAdamStep(opt, vars, grads, clipNorm));
    tf.dispose(grads);
  }
  const state = opt.getWeights();
  return state.then((ws) => {
    const out = {
      theta: vars.map((v) => v.dataSync().slice()),
      slots: ws.slice(1).map((w) => w.tensor.dataSync().slice()),
      norms,
    };
    tf.dispose(vars);
    opt.dispose();
    delete process.env["DISC_HEAP_WORKER"];
    delete process.env["DISC_SIMD"];
    return out;
  });
}

describe("fused Adam on two threads", () => {
  beforeAll(async () => {
    await initBackends();
    await tf.setBackend("wasm");
  });

  it("the helper thread is up when wasm threads are on", () => {
    expect(defaultWasmThreads()).toBeGreaterThanOrEqual(2);
    expect(memory()?.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(heapWorkerFor(memory())).not.toBeNull();
  });

  // 200 000 + 150 000 elements: above PARALLEL_ADAM_MIN, and the split (at 175 000) cuts the
  // first tensor in two
  const shapes: [number, number][] = [
    [400, 500],
    [300, 500],
  ];
  // (401·499 = 200 099 elements: the SIMD kernel's 4-element blocks leave a tail of 3)
  const odd: [number, number][] = [
    [401, 499],
    [300, 500],
  ];
  for (const [clip, what, sh, oneSimd] of [
    [0, "one thread", shapes, true],
    [1, "one thread", shapes, true],
    [0, "the JS kernel on one thread (SIMD off)", odd, false],
    [1, "the JS kernel on one thread (SIMD off)", odd, false],
  ] as const) {
    it(`θ, m, v bit-identical to ${what} (clip ${clip})`, async () => {
      expect(350_000).toBeGreaterThanOrEqual(PARALLEL_ADAM_MIN);
      const one = await run(1, clip, [...sh], oneSimd);
      const two = await run(2, clip, [...sh]);
      expect(two.slots).toHaveLength(4);
      for (const [a, b] of [
        ...one.theta.map((t, i) => [t, two.theta[i]!] as const),
        ...one.slots.map((t, i) => [t, two.slots[i]!] as const),
      ]) {
        expect(b.length).toBe(a.length);
        expect(Buffer.compare(Buffer.from(b.buffer), Buffer.from(a.buffer))).toBe(0);
      }
      // Σg² is two partial sums on two threads: equal to float64 rounding
      one.norms.forEach((n, i) => expect(two.norms[i]!).toBeCloseTo(n, 9));
      // the update did something
      expect(one.theta[0]![0]).not.toBe(randn(1, 40)[0]);
    });
  }

  it("the transpose split over both threads is exact (odd rows and columns)", () => {
    const [R, C] = [517, 611];
    expect(R * C).toBeGreaterThanOrEqual(PARALLEL_TRANSPOSE_MIN);
    const v = randn(R * C, 77);
    const x = tf.tensor2d(v, [R, C]);
    const s = new Scratch(tf.backend() as unknown as WasmBackendLike);
    try {
      const t = transpose2d(s, x, R, C);
      expect(t.shape).toEqual([1, C, R]);
      const got = (tf.backend() as unknown as WasmBackendLike).readSync(t.dataId) as Float32Array;
      let bad = 0;
      for (let i = 0; i < R; i++)
        for (let j = 0; j < C; j++) if (got[j * R + i] !== v[i * C + j]) bad++;
      expect(bad).toBe(0);
    } finally {
      s.dispose();
      x.dispose();
    }
  });

  it("5,000 round trips in a row all complete, the last one exact", () => {
    const w = heapWorkerFor(memory())!;
    const x = tf.tensor2d(randn(64 * 64, 5), [64, 64]);
    const s = new Scratch(tf.backend() as unknown as WasmBackendLike);
    try {
      const out = s.alloc([64, 64], "float32");
      const off = (t: tf.TensorInfo) =>
        (
          tf.backend() as unknown as { dataIdMap: { get(id: object): { memoryOffset: number } } }
        ).dataIdMap.get(t.dataId)!.memoryOffset / 4;
      for (let i = 0; i < 5000; i++) w.transpose(off(x), off(out), 64, 64);
      const got = (tf.backend() as unknown as WasmBackendLike).readSync(out.dataId) as Float32Array;
      const v = x.dataSync();
      expect(got[3 * 64 + 5]).toBe(v[5 * 64 + 3]);
    } finally {
      s.dispose();
      x.dispose();
    }
  }, 60_000);
});
