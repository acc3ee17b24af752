/**
 * `Identity` for the wasm backend that shares the input's buffer (one more reference on it)
 * instead of copying it, as the cpu and webgl backends do. tfjs clones every tensor a gradient
 * will need (`saveTensorsForBackwardMode` → `engine.clone` → Identity), so the stock kernel copied
 * each saved activation and weight once per step: [4096, 1200] took 2.8 ms, 5–6 ms a VAE step
 * (bench/NOTES.md §6). Sharing is safe because nothing writes a buffer in place that another
 * tensor references: kernels write fresh outputs, and the fused Adam update writes θ, m, v in
 * place only when the backend counts one reference (runtime/backend/fused-adam.ts).
 * String tensors keep the original kernel (their values live on the host). A same-dtype Cast
 * shares the buffer too.
 */
import type * as tf from "@tensorflow/tfjs";
import { runWasmKernel, type KernelArgs, type WasmBackendLike } from "./kernel-util.js";

interface SharingBackend extends WasmBackendLike {
  incRef(dataId: object): void;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Kernel function. Input x (any shape and dtype); output: the same buffer, shape and dtype. */
export function identityWasm(args: KernelArgs): tf.TensorInfo {
  const x = (args.inputs as Record<string, tf.TensorInfo | undefined>).x;
  if (x === undefined) throw new Error("Identity: needs input x");
  const backend = args.backend as SharingBackend;
  if (x.dtype === "string") return runWasmKernel(backend, "Identity", { x });
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Kernel config. */
export const identityConfig = {
  kernelName: "Identity",
  kernelFunc: identityWasm,
};

/**
 * `Cast` that shares the buffer when the dtype does not change (the stock kernel copies: relu's
 * gradient casts its float32 step mask to float32, ~0.6 ms for [64, 32, 32, 32]) and casts to
 * bool as x ≠ 0 (the stock kernel copies the values' low bytes: int32 3 became bool 3); other
 * casts go to the stock kernel.
 */
export function castWasm(args: KernelArgs): tf.TensorInfo {
  const x = (args.inputs as Record<string, tf.TensorInfo | undefined>).x;
  const dtype = (args.attrs as { dtype?: tf.DataType } | undefined)?.dtype;
  if (x === undefined) throw new Error("Cast: needs input x");
  const backend = args.backend as SharingBackend;
  if (x.dtype === dtype && dtype !== "string") return identityWasm(args);
  if (dtype === "bool" && (x.dtype === "float32" || x.dtype === "int32")) {
    const out = backend.makeOutput([...x.shape], "bool");
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
    return out;
  }
  return runWasmKernel(backend, "Cast", { x }, { dtype });
}

/** Kernel config of Cast. */
export const castConfig = {
  kernelName: "Cast",
  kernelFunc: castWasm,
};
