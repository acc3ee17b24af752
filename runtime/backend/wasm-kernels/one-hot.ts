/**
 * `OneHot` for the wasm backend with a correct dtype. The built-in writes int32 bit patterns
 * into a tensor labelled with the requested dtype, so `tf.oneHot(i, d, 1, 0, 'float32')` reads
 * as 1.4e-45 instead of 1 (test/backend/other-kernels.test.ts). Here the original runs with dtype int32 and the result
 * is cast. Non-integer on/off values with a float dtype are filled on the host.
 */
import * as tf from "@tensorflow/tfjs";
import {
  Scratch,
  runWasmKernel,
  sizeOf,
  type KernelArgs,
  type WasmBackendLike,
} from "./kernel-util.js";

interface Attrs {
  dtype: tf.DataType;
  depth: number;
  onValue: number;
  offValue: number;
}

/**
 * Kernel function. Input indices [...] (int32); output [..., depth] of attrs.dtype with onValue
 * at each in-range index and offValue elsewhere (out-of-range indices give an all-off row).
 */
export function oneHotWasm(args: KernelArgs): tf.TensorInfo {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const backend = args.backend as WasmBackendLike;
  const attrs = args.attrs as unknown as Attrs;
  const indices = inputs.indices;
  if (indices === undefined) throw new Error("OneHot: needs input indices");
  const { dtype, depth, onValue, offValue } = attrs;
  if (dtype === "int32") {
    return runWasmKernel(backend, "OneHot", { indices }, { ...attrs });
  }
  if (Number.isInteger(onValue) && Number.isInteger(offValue)) {
    const s = new Scratch(backend);
    try {
      const asInt = s.run("OneHot", { indices }, { ...attrs, dtype: "int32" });
      return s.keep(s.run("Cast", { x: asInt }, { dtype }));
    } finally {
      s.dispose();
    }
  }
  const idv = backend.readSync(indices.dataId) as Int32Array;
  const n = sizeOf(indices.shape);
  const out = new Float32Array(n * depth).fill(offValue);
  for (let i = 0; i < n; i++) {
    const k = idv[i] as number;
    if (k >= 0 && k < depth) out[i * depth + k] = onValue;
  }
  return backend.makeOutput([...indices.shape, depth], dtype, undefined, out);
}

/** Kernel config; registration keeps the original's setupFunc (it wires the C entry point). */
export const oneHotConfig = {
  kernelName: "OneHot",
  kernelFunc: oneHotWasm,
};
