/**
 * Fused Adam update for the wasm backend: one pass over the wasm heap per parameter (reads θ, m,
 * v, g; writes m, v in place and the new θ into a fresh buffer) — disc's SIMD kernel
 * (simd/kernels.wat `adam`) where available, the JS adamKernel otherwise, bit-identical — instead
 * of tf.train.adam's ~12 single-threaded elementwise kernels and ~6 fresh buffers per parameter. The global gradient norm (and the
 * optional clipping by it) is folded into the same pass.
 *
 * It updates the optimizer's own state (the `${name}/m`, `${name}/v` slot variables, accBeta1/2,
 * iterations), so checkpoints (`getWeights`/`setWeights`) and resuming are unchanged, and it
 * computes what tf.train.adam computes (Kingma & Ba 2015, Algorithm 1, tfjs form):
 *   m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 * with intermediate arithmetic in float64 instead of float32 (differences ~1 ulp of θ).
 * From PARALLEL_ADAM_MIN parameters on, the heap worker (heap-worker.ts) updates the second half
 * of the elements on another thread while this one updates the first (θ, m, v bit-identical).
 */
import * as tf from "@tensorflow/tfjs";
import { heapWorkerFor, type AdamRange, type WasmMemory } from "./heap-worker.js";
import { adamRange } from "./js-kernels.js";
import { simdKernelsFor } from "./simd/index.js";
import { heapView, type WasmBackendLike as KernelBackend } from "./wasm-kernels/kernel-util.js";

/**
 * Below this many parameters the update stays on one thread (posting a job costs ~0.1 ms); above,
 * the heap worker updates the second half of the elements (runtime/backend/heap-worker.ts).
 */
export const PARALLEL_ADAM_MIN = 1 << 18;

interface WasmData {
  memoryOffset: number;
  refCount: number;
  dtype: string;
}
interface WasmBackendLike {
  dataIdMap: { get(id: object): WasmData | undefined };
  wasm: { HEAPU8: Uint8Array; wasmMemory?: WasmMemory };
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
}
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

/** True when `fusedAdamStep` can run: wasm is active and `optimizer` is exactly tf.train.adam's class. */
export function canFuseAdam(optimizer: tf.Optimizer): boolean {
  return tf.getBackend() === "wasm" && optimizer.constructor === tf.AdamOptimizer;
}

/** Float32 view of a tensor's buffer on the wasm heap (valid until the heap grows). */
function f32(be: WasmBackendLike, t: tf.TensorInfo): Float32Array {
  return heapView(be as unknown as KernelBackend, t, "float32") as Float32Array;
}

/**
 * True when nothing but `t` uses its buffer (so it may be written in place): the backend counts
 * one reference per tensor on a buffer (kernel outputs start at 1; a reshape, clone, or variable
 * made from a tensor adds one). The engine keeps no count of its own.
 */
function exclusive(be: WasmBackendLike, t: tf.Tensor): boolean {
  return be.dataIdMap.get(t.dataId)?.refCount === 1;
}

/**
 * Applies one Adam update of `optimizer` (a tf.train.adam instance) to `vars` with `grads`
 * (same order, same shapes), after clipping the gradients to global L2 norm `clipNorm` when
 * clipNorm > 0 (Pascanu et al. 2013, eq. 7). Returns the global gradient norm before clipping.
 * Each variable gets its new value in a fresh buffer (assign); the moment slots are written in
 * place unless their buffer is shared. Throws when `canFuseAdam(optimizer)` is false or a shape differs.
 */
export function fusedAdamStep(
  optimizer: tf.Optimizer,
  vars: readonly tf.Variable[],
  grads: readonly tf.Tensor[],
  clipNorm: number,
): number {
  if (!canFuseAdam(optimizer))
    throw new Error("fusedAdamStep: needs tf.train.adam on the wasm backend");
  const o = optimizer as unknown as AdamInternals;
  const be = tf.backend() as unknown as WasmBackendLike;
  vars.forEach((v, i) => {
    const g = grads[i];
    if (g === undefined || g.size !== v.size)
      throw new Error(`fusedAdamStep: gradient ${i} of ${v.name} has the wrong size`);
    // Slots exactly as AdamOptimizer.applyGradients creates them (names, order, trainable=false).
    o.accumulatedFirstMoment[i] ??= {
      originalName: `${v.name}/m`,
      variable: tf.tidy(() => tf.zerosLike(v).variable(false)),
    };
    o.accumulatedSecondMoment[i] ??= {
      originalName: `${v.name}/v`,
      variable: tf.tidy(() => tf.zerosLike(v).variable(false)),
    };
  });
  // Allocate every buffer before taking heap views (allocation may grow the heap). The new θ
  // always goes to a fresh buffer: XNNPACK caches packed weights by tensor id, so a weight
  // rewritten in place would be read stale by the next Conv2D / matMul. m and v are written in
  // place when nothing else references them, else into a fresh copy.
  const targets = vars.map((v, i) => {
    const slot = (t: tf.Tensor, copy: boolean) => {
      if (!copy) return { t, fresh: undefined as tf.Tensor | undefined };
      const fresh = tf.engine().makeTensorFromTensorInfo(be.makeOutput(t.shape, "float32"));
      return { t: fresh, fresh };
    };
    const m = o.accumulatedFirstMoment[i]!.variable;
    const s = o.accumulatedSecondMoment[i]!.variable;
    return [slot(v, true), slot(m, !exclusive(be, m)), slot(s, !exclusive(be, s))];
  });
  targets.forEach(([, tm, ts], i) => {
    const slots = [o.accumulatedFirstMoment[i]!.variable, o.accumulatedSecondMoment[i]!.variable];
    [tm!, ts!].forEach((x, k) => x.fresh && f32(be, x.t).set(f32(be, slots[k]!)));
  });
  const clip = clipNorm > 0;
  let sq = 0;
  if (clip) {
    // Clipping needs the norm before the update: one read-only pass first.
    for (const g of grads) {
      const gv = f32(be, g);
      for (let j = 0; j < gv.length; j++) sq += gv[j]! * gv[j]!;
    }
  }
  const scale = clip && Math.sqrt(sq) > clipNorm ? clipNorm / Math.sqrt(sq) : 1;
  const b1 = o.beta1;
  const b2 = o.beta2;
  const eps = o.epsilon;
  // lr·(m/c1)/(√(v/c2) + ε) = a·m/(k·√v + ε) with a = lr/c1, k = 1/√c2.
  const a = o.learningRate / (1 - o.accBeta1.dataSync()[0]!);
  const k = 1 / Math.sqrt(1 - o.accBeta2.dataSync()[0]!);
  // Float32 offsets into the heap of θ, new θ, m, v, g for each variable.
  const at = (t: tf.Tensor) => f32(be, t).byteOffset / 4;
  const offsets = targets.map(([tv, tm, ts], i) =>
    [vars[i]!, tv!.t, tm!.t, ts!.t, grads[i]!].map(at),
  );
  const sizes = vars.map((v) => v.size);
  const total = sizes.reduce((n, k) => n + k, 0);
  const simd = simdKernelsFor(be.wasm.wasmMemory);
  const simdAdam = simd === null ? null : simd.adam;
  const pool = total >= PARALLEL_ADAM_MIN ? heapWorkerFor(be.wasm.wasmMemory) : null;
  // The worker takes the elements from total/2 on; this thread the ones before.
  const cut = pool === null ? total : Math.floor(total / 2);
  const own = (): number => {
    const buf = be.wasm.HEAPU8.buffer;
    let sq = 0;
    let start = 0;
    offsets.forEach(([th, out, m, s, g], i) => {
      const n = Math.min(sizes[i]!, Math.max(0, cut - start));
      if (n > 0) sq += adamRange(simdAdam, buf, th!, out!, m!, s!, g!, n, scale, b1, b2, a, k, eps);
      start += sizes[i]!;
    });
    return sq;
  };
  let sqInLoop: number;
  if (pool === null) sqInLoop = own();
  else {
    const ranges: AdamRange[] = [];
    let start = 0;
    offsets.forEach(([th, out, m, s, g], i) => {
      const from = Math.max(0, cut - start);
      if (from < sizes[i]!) {
        ranges.push({
          theta: th! + from,
          thetaOut: out! + from,
          m: m! + from,
          v: s! + from,
          g: g! + from,
          length: sizes[i]! - from,
        });
      }
      start += sizes[i]!;
    });
    const [theirs, mine] = pool.adam(ranges, { scale, b1, b2, a, k, eps }, simd !== null, own);
    sqInLoop = mine + theirs;
  }
  const norm = Math.sqrt(clip ? sq : sqInLoop);
  vars.forEach((v, i) => {
    const slots = [
      v,
      o.accumulatedFirstMoment[i]!.variable,
      o.accumulatedSecondMoment[i]!.variable,
    ];
    targets[i]!.forEach((x, k) => {
      if (x.fresh !== undefined) {
        slots[k]!.assign(x.fresh);
        x.fresh.dispose();
      }
    });
  });
  tf.tidy(() => {
    o.accBeta1.assign(tf.mul(o.accBeta1, b1));
    o.accBeta2.assign(tf.mul(o.accBeta2, b2));
  });
  o.incrementIterations();
  return norm;
}
