/**
 * ReLU's gradient in one SIMD pass on wasm. tfjs's Relu gradient is dy · cast(step(x)): three
 * kernels, three passes over [B, H, W, C] and two temporaries (Step 0.65, Cast 0.6, Multiply
 * 0.9 ms for the conv β-VAE's [64, 32, 32, 32] layers). `installReluGradient` replaces the
 * registered Relu gradient with one that, on wasm with float32 tensors, runs the kernel
 * `DiscReluGrad` (dy · step(x) in one pass, split over two threads, NaN and ∞ as tfjs) and otherwise does exactly what
 * tfjs's does. DiscReluGrad has a gradient of its own (∂/∂dy = the same mask; ∂/∂x = 0), so a
 * second derivative through it stays correct.
 */
import * as tf from "@tensorflow/tfjs";
import { heapWorkerFor } from "../heap-worker.js";
import { simdKernelsFor, splitSimdCalls } from "../simd/index.js";
import { heapView, wasmMemoryOf, type KernelArgs, type WasmBackendLike } from "./kernel-util.js";

/** The kernel's name (registered on wasm only). */
export const RELU_GRAD = "DiscReluGrad";
/** From this many elements the mask is split over two threads. */
const PARALLEL_MIN = 1 << 16;

/** Kernel function: inputs dy, x (float32, one shape); output dy · step(x) (step(NaN) = NaN). */
export function reluGradWasm(args: KernelArgs): tf.TensorInfo {
  const { dy, x } = args.inputs as Record<string, tf.TensorInfo>;
  const backend = args.backend as WasmBackendLike;
  if (dy === undefined || x === undefined) throw new Error(`${RELU_GRAD}: needs dy and x`);
  const out = backend.makeOutput([...x.shape], "float32");
  const [vd, vx, vo] = [dy, x, out].map((t) => heapView(backend, t, "float32") as Float32Array);
  const n = vx!.length;
  const simd = simdKernelsFor(wasmMemoryOf(backend));
  const n4 = simd === null ? 0 : n >> 2;
  if (simd !== null && n4 > 0) {
    const [a, b, c] = [vd!, vx!, vo!].map((v) => v.byteOffset);
    const half = n4 >> 1;
    const worker = n >= PARALLEL_MIN ? heapWorkerFor(wasmMemoryOf(backend)) : null;
    const off = half * 16;
    splitSimdCalls(
      simd,
      worker,
      [["relu_grad", a!, b!, c!, half]],
      [["relu_grad", a! + off, b! + off, c! + off, n4 - half]],
    );
  }
  for (let i = 4 * n4; i < n; i++) {
    const xi = vx![i]!;
    vo![i] = vd![i]! * (xi > 0 ? 1 : xi !== xi ? NaN : 0);
  }
  return out;
}

let installed = false;

/**
 * Registers DiscReluGrad on wasm and replaces tfjs's Relu gradient (a global registry) with one
 * that uses it where it can. Idempotent.
 */
export function installReluGradient(): void {
  if (installed) return;
  installed = true;
  tf.registerKernel({
    kernelName: RELU_GRAD,
    backendName: "wasm",
    kernelFunc: reluGradWasm as unknown as tf.KernelFunc,
  });
  const mask = (dy: tf.Tensor, x: tf.Tensor): tf.Tensor =>
    tf.getBackend() === "wasm" &&
    dy.dtype === "float32" &&
    x.dtype === "float32" &&
    tf.util.arraysEqual(dy.shape, x.shape)
      ? (tf.engine().runKernel(RELU_GRAD, { dy, x }) as tf.Tensor)
      : tf.mul(dy, tf.cast(tf.step(x), "float32"));
  tf.registerGradient({
    kernelName: "Relu",
    inputsToSave: ["x"],
    gradFunc: (dy, saved) => {
      const [x] = saved as tf.Tensor[];
      return { x: () => mask(dy as tf.Tensor, x!) };
    },
  });
  tf.registerGradient({
    kernelName: RELU_GRAD,
    inputsToSave: ["x"],
    gradFunc: (g, saved) => {
      const [x] = saved as tf.Tensor[];
      return { dy: () => mask(g as tf.Tensor, x!), x: () => tf.zerosLike(x!) };
    },
  });
}
