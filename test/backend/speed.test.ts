/**
 * Every speed change keeps the numbers: the leading-axes Sum kernel (bias gradients) against the
 * cpu backend, and the fused Adam update against tf.train.adam over a few conv β-VAE steps.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { convBetaVae, mlpVae } from "../../runtime/backend/probe-models.js";
import { canFuseAdam, fusedAdamStep } from "../../runtime/backend/fused-adam.js";
import { guardMalloc, WasmOutOfMemoryError } from "../../runtime/backend/memory.js";
import { createRng } from "../../runtime/data/rng.js";
import { trainStep } from "../../runtime/train/step.js";
import { backendBuffers, expectSame, initBackends, randn, relErr } from "./helpers.js";

describe("Sum over leading axes (bias gradients) on wasm", () => {
  beforeAll(initBackends);
  const cases: [string, number[], number | number[], boolean][] = [
    ["conv bias grad [8,16,16,32] → [32]", [8, 16, 16, 32], [0, 1, 2], false],
    ["keepDims [8,16,16,32] → [1,1,1,32]", [8, 16, 16, 32], [2, 0, 1], true],
    ["dense bias grad [512,300] → [300]", [512, 300], 0, false],
    ["two leading axes [16,32,7] → [7]", [16, 32, 7], [0, 1], false],
    ["non-leading axes go to the stock kernel", [16, 32, 7], [1, 2], false],
    ["full reduction", [64, 70], [0, 1], false],
  ];
  for (const [name, shape, axis, keep] of cases) {
    it(name, async () => {
      const v = randn(
        shape.reduce((a, b) => a * b),
        11,
      );
      const err = await expectSame(() => tf.tensor(v, shape).sum(axis, keep), 1e-5);
      expect(err).toBeLessThan(1e-5);
    });
  }
});

/** Runs `steps` trainStep calls of a small conv β-VAE; returns losses, grad norms and final params. */
function train(fused: boolean, clipNorm: number, steps = 3) {
  const m = convBetaVae({ seed: 5 });
  const opt = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const x = tf.tensor4d(
    Float32Array.from(randn(4 * 64 * 64, 3), (u) => (u > 0 ? 1 : 0)),
    [4, 64, 64, 1],
  );
  const eps = tf.tensor2d(randn(40, 4), [4, 10]);
  const rng = createRng(1);
  const losses: number[] = [];
  const norms: number[] = [];
  for (let i = 0; i < steps; i++) {
    const r = trainStep(
      () => ({ terms: {}, total: m.loss(x, eps) }),
      opt,
      m.params,
      { x },
      i,
      rng,
      clipNorm,
      { fusedAdam: fused },
    );
    losses.push(r.values["total"]!);
    norms.push(r.gradNorm);
  }
  const params = m.params.map((p) => Float32Array.from(p.dataSync()));
  const slotNames = (
    opt as unknown as { accumulatedFirstMoment: { originalName: string }[] }
  ).accumulatedFirstMoment.map((s) => s.originalName.replace(/^.*?(\/m)$/, "$1"));
  const iterations = (opt as unknown as { iterations: number }).iterations;
  opt.dispose();
  m.dispose();
  tf.dispose([x, eps]);
  return { losses, norms, params, slotNames, iterations };
}

describe("fused Adam (runtime/backend/fused-adam.ts) = tf.train.adam", () => {
  beforeAll(async () => {
    await initBackends();
    await tf.setBackend("wasm");
  });

  for (const clip of [0, 10]) {
    it(`3 conv β-VAE steps give the same losses, norms and weights (clip ${clip})`, () => {
      expect(canFuseAdam(tf.train.adam(1e-3))).toBe(true);
      const before = backendBuffers();
      const ref = train(false, clip);
      const got = train(true, clip);
      expect(backendBuffers()).toBe(before); // no leaked buffers either way
      got.losses.forEach((l, i) =>
        expect(Math.abs(l - ref.losses[i]!) / Math.abs(ref.losses[i]!)).toBeLessThan(1e-5),
      );
      got.norms.forEach((n, i) =>
        expect(Math.abs(n - ref.norms[i]!) / ref.norms[i]!).toBeLessThan(1e-4),
      );
      if (clip > 0) expect(ref.norms[0]!).toBeGreaterThan(clip); // the clipping path really ran
      // Weights move by ~3·lr; float32 rounding differences stay far below that.
      got.params.forEach((p, i) =>
        expect(relErr(p, ref.params[i]!), `param ${i}`).toBeLessThan(2e-5),
      );
      expect(got.slotNames).toEqual(ref.slotNames);
      expect(got.iterations).toBe(ref.iterations);
    });
  }

  it("is off on cpu and for other optimizers", async () => {
    expect(canFuseAdam(tf.train.sgd(0.1))).toBe(false);
    await tf.setBackend("cpu");
    expect(canFuseAdam(tf.train.adam(0.1))).toBe(false);
    await tf.setBackend("wasm");
  });

  it("MLP VAE step agrees too (the 14 M-parameter case)", () => {
    const run = (fused: boolean) => {
      const m = mlpVae({ seed: 2 });
      const opt = tf.train.adam(5e-4, 0.9, 0.999, 1e-8);
      const x = tf.tensor2d(
        Float32Array.from(randn(2 * 4096, 8), (u) => (u > 0 ? 1 : 0)),
        [2, 4096],
      );
      const eps = tf.tensor2d(randn(20, 9), [2, 10]);
      for (let i = 0; i < 2; i++)
        trainStep(
          () => ({ terms: {}, total: m.loss(x, eps) }),
          opt,
          m.params,
          { x: x as unknown as tf.Tensor4D },
          i,
          createRng(1),
          0,
          { fusedAdam: fused },
        );
      const w = Float32Array.from(m.params[0]!.dataSync());
      opt.dispose();
      m.dispose();
      tf.dispose([x, eps]);
      return w;
    };
    expect(relErr(run(true), run(false))).toBeLessThan(2e-5);
  });
});

describe("fused Adam with a shared parameter buffer", () => {
  beforeAll(async () => {
    await initBackends();
    await tf.setBackend("wasm");
  });

  it("gives the variable a fresh buffer instead of writing into the shared one", () => {
    const init = tf.tensor1d([1, 2, 3, 4]);
    const v = tf.variable(init); // shares init's buffer
    const opt = tf.train.adam(0.1);
    const g = tf.tensor1d([1, -1, 2, 0]);
    trainStep(
      () => ({ terms: {}, total: v.mul(g).sum() as tf.Scalar }),
      opt,
      [v],
      { x: tf.zeros([1, 1, 1, 1]) },
      0,
      createRng(1),
      0,
      { fusedAdam: true },
    );
    expect(Array.from(init.dataSync())).toEqual([1, 2, 3, 4]);
    // First Adam step: θ − lr·sign(g) (m̂/√v̂ = ±1 up to ε), 0 where g = 0.
    const got = Array.from(v.dataSync());
    [0.9, 2.1, 2.9, 4].forEach((e, i) => expect(got[i]!).toBeCloseTo(e, 5));
    tf.dispose([init, v, g]);
    opt.dispose();
  });
});

describe("wasm out of memory is a clear error", () => {
  beforeAll(async () => {
    await initBackends();
    await tf.setBackend("wasm");
  });

  it("trainStep turns the wasm trap into WasmOutOfMemoryError with advice", () => {
    const v = tf.variable(tf.ones([2]));
    const opt = tf.train.adam(0.1);
    // The trap tfjs-backend-wasm raises when malloc fails at the 4 GiB wasm32 limit (seen in bench/memory.ts).
    // trainStep(…, 7, …) runs the 8th update, which metrics.jsonl logs as step 8.
    const trap = new (
      globalThis as unknown as { WebAssembly: { RuntimeError: new (m: string) => Error } }
    ).WebAssembly.RuntimeError("memory access out of bounds");
    expect(() =>
      trainStep(
        () => {
          throw trap;
        },
        opt,
        [v],
        { x: tf.zeros([1, 1, 1, 1]) },
        7,
        createRng(1),
        0,
      ),
    ).toThrow(
      /step 8: the wasm backend ran out of memory \(heap [\d.]+ GiB of the 4\.00 GiB wasm32 limit.*Lower the batch size/,
    );
    // Other errors pass through unchanged.
    expect(() =>
      trainStep(
        () => {
          throw new Error("boom");
        },
        opt,
        [v],
        { x: tf.zeros([1, 1, 1, 1]) },
        1,
        createRng(1),
        0,
      ),
    ).toThrow(/^boom$/);
    v.dispose();
    opt.dispose();
  });
});

describe("wasm allocation failure (installWasmOomGuard)", () => {
  beforeAll(async () => {
    await initBackends();
    await tf.setBackend("wasm");
  });

  it("guardMalloc turns a null pointer into WasmOutOfMemoryError", () => {
    expect(guardMalloc(() => 16)(8)).toBe(16);
    expect(() => guardMalloc(() => 0)(4 << 20)).toThrow(WasmOutOfMemoryError);
    expect(() => guardMalloc(() => 0)(4 << 20)).toThrow(/allocating 4\.0 MiB failed/);
  });

  it("the backend allocates through the guarded malloc: a failure throws before anything is written", () => {
    const wasm = (tf.backend() as unknown as { wasm: { _malloc(n: number): number } }).wasm;
    const installed = wasm._malloc;
    const fail = { on: false };
    // Stand-in for the 4 GiB limit: the raw allocator returns 0 for blocks over 1 MiB.
    wasm._malloc = guardMalloc((n) => (fail.on && n > 1 << 20 ? 0 : installed(n)));
    const before = tf.memory().numTensors;
    fail.on = true;
    let err: unknown;
    try {
      tf.zeros([512, 1024]).dispose();
    } catch (e) {
      err = e;
    } finally {
      wasm._malloc = installed;
    }
    expect(err).toBeInstanceOf(WasmOutOfMemoryError);
    expect(String((err as Error).message)).toMatch(
      /ran out of memory.*Lower the batch size.*allocating 2\.0 MiB failed/,
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.tensor1d([1, 2, 3]).sum().dataSync()[0]).toBe(6);
  });
});

describe("guardMalloc headroom", () => {
  it("refuses (and frees) a block that would end above the limit", () => {
    const freed: number[] = [];
    const g = guardMalloc(
      () => 1000,
      (p) => freed.push(p),
      1500,
    );
    expect(g(400)).toBe(1000);
    expect(() => g(600)).toThrow(
      /allocating 0\.0 MiB failed \(would leave < 256 MiB for XNNPACK\)/,
    );
    expect(freed).toEqual([1000]);
  });
});

describe("in-place updates are seen by XNNPACK kernels", () => {
  beforeAll(async () => {
    await initBackends();
    await tf.setBackend("wasm");
  });

  it("matMul and conv2d after a fused step use the new weights (no stale packed-weight cache)", () => {
    const W = tf.variable(tf.tensor2d(randn(64 * 64, 21), [64, 64]));
    const K = tf.variable(tf.tensor4d(randn(3 * 3 * 4 * 8, 22), [3, 3, 4, 8]));
    const x = tf.tensor2d(randn(32 * 64, 23), [32, 64]);
    const xi = tf.tensor4d(randn(2 * 8 * 8 * 4, 24), [2, 8, 8, 4]);
    const f = (w: tf.Tensor, k: tf.Tensor) =>
      tf.tidy(() => [
        ...tf.matMul(x, w as tf.Tensor2D).dataSync(),
        ...tf.conv2d(xi, k as tf.Tensor4D, 1, "same").dataSync(),
      ]);
    f(W, K); // warm any operator cache with the old weights
    const opt = tf.train.adam(0.5);
    const g = [tf.onesLike(W), tf.onesLike(K)];
    fusedAdamStep(opt, [W, K], g, 0);
    const got = Float32Array.from(f(W, K));
    const fresh = tf.tidy(() => Float32Array.from(f(W.add(0), K.add(0)))); // new buffers, new ids
    expect(relErr(got, fresh)).toBeLessThan(1e-6);
    tf.dispose([W, K, x, xi, ...g]);
    opt.dispose();
  });
});
