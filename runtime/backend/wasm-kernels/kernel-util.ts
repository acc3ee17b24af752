/**
 * Helpers for composing wasm-backend kernels out of the backend's own kernel functions
 * (Transpose, Conv2D, Slice, Concat, Reshape, Cast, BatchMatMul …) without going through
 * tf ops, so nothing is recorded on the gradient tape and every intermediate is freed with
 * `backend.disposeData`.
 *
 * Source: tfjs-backend-wasm 4.22 kernel API (`KernelConfig`, `BackendWasm.makeOutput`).
 */
import * as tf from "@tensorflow/tfjs";
import type { WasmMemory } from "../heap-worker.js";

/** The subset of tfjs-backend-wasm's `BackendWasm` the kernel pack relies on. */
export interface WasmBackendLike {
  makeOutput(
    shape: number[],
    dtype: tf.DataType,
    memoryOffset?: number,
    values?: tf.backend_util.BackendValues,
  ): tf.TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  readSync(dataId: object): tf.backend_util.BackendValues;
  numDataIds(): number;
}

/** Arguments every kernel function receives from the engine. */
export interface KernelArgs {
  inputs: Record<string, tf.TensorInfo | undefined> | tf.TensorInfo[];
  backend: unknown;
  attrs?: Record<string, unknown>;
}

/** The wasm backend's original kernel configs that the pack replaced (captured once). */
const originals = new Map<string, tf.KernelConfig>();

/** Remembers the original config of `kernelName` before the pack replaces it. */
export function rememberOriginal(kernelName: string, config: tf.KernelConfig): void {
  if (!originals.has(kernelName)) originals.set(kernelName, config);
}

/** The original (pre-pack) config of a kernel, if the pack replaced it. */
export function originalKernel(kernelName: string): tf.KernelConfig | undefined {
  return originals.get(kernelName);
}

/**
 * Runs a wasm kernel function directly. Uses the backend's original implementation when the
 * pack replaced it (so a replaced kernel can call its own fast path), else the registered one.
 * Throws when the kernel exists on neither.
 */
export function runWasmKernel(
  backend: WasmBackendLike,
  kernelName: string,
  inputs: Record<string, tf.TensorInfo> | tf.TensorInfo[],
  attrs: Record<string, unknown> = {},
): tf.TensorInfo {
  const config = originals.get(kernelName) ?? tf.getKernel(kernelName, "wasm");
  if (config === undefined) {
    throw new Error(`wasm kernel pack: the wasm backend has no kernel '${kernelName}'`);
  }
  const args = { inputs, backend, attrs } as unknown as Parameters<tf.KernelFunc>[0];
  const out = config.kernelFunc(args);
  if (Array.isArray(out)) {
    throw new Error(`wasm kernel pack: kernel '${kernelName}' returned several outputs`);
  }
  return out;
}

/** Product of a shape's dimensions (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Reads dimension `i` of a shape; throws a clear error when the rank is too small. */
export function dim(shape: readonly number[], i: number, what: string): number {
  const d = shape[i];
  if (d === undefined)
    throw new Error(`${what}: expected rank > ${i}, got shape [${shape.join(",")}]`);
  return d;
}

/**
 * Tracks the intermediates of one kernel invocation and frees them all in `dispose()`,
 * except the ones handed out with `keep()`.
 */
export class Scratch {
  private readonly live: tf.TensorInfo[] = [];

  constructor(readonly backend: WasmBackendLike) {}

  /** Runs a kernel (see `runWasmKernel`) and tracks its output. */
  run(
    kernelName: string,
    inputs: Record<string, tf.TensorInfo> | tf.TensorInfo[],
    attrs: Record<string, unknown> = {},
  ): tf.TensorInfo {
    const out = runWasmKernel(this.backend, kernelName, inputs, attrs);
    this.live.push(out);
    return out;
  }

  /** Allocates a tracked tensor on the wasm heap from host values. */
  make(shape: number[], dtype: tf.DataType, values: Float32Array | Int32Array): tf.TensorInfo {
    const out = this.backend.makeOutput(shape, dtype, undefined, values);
    this.live.push(out);
    return out;
  }

  /** Allocates a tracked, uninitialised tensor on the wasm heap (may grow the heap). */
  alloc(shape: number[], dtype: tf.DataType): tf.TensorInfo {
    const out = this.backend.makeOutput(shape, dtype);
    this.live.push(out);
    return out;
  }

  /** Reshape (shares the buffer; refcounted by the backend). */
  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run("Reshape", { x }, { shape });
  }

  /** Views x as `shape` (same size) and transposes it with `perm`. */
  transposeAs(x: tf.TensorInfo, shape: number[], perm: number[]): tf.TensorInfo {
    return this.run("Transpose", { x: this.reshape(x, shape) }, { perm });
  }

  /** Stops tracking `t` (it becomes the caller's output) and returns it. */
  keep(t: tf.TensorInfo): tf.TensorInfo {
    const i = this.live.lastIndexOf(t);
    if (i >= 0) this.live.splice(i, 1);
    return t;
  }

  /** Frees every tracked intermediate that was not kept. */
  dispose(): void {
    for (const t of this.live) this.backend.disposeData(t.dataId);
    this.live.length = 0;
  }
}

interface WasmHeapBackend {
  dataIdMap: { get(id: object): { memoryOffset: number; dtype: string } | undefined };
  wasm: { HEAPU8: Uint8Array };
}

/**
 * A typed view of a float32 / int32 tensor's buffer on the wasm heap (no copy). Valid until the
 * heap grows, so allocate every output (`makeOutput`) before taking views. Throws when the
 * tensor has no wasm buffer or its buffer holds another dtype.
 */
export function heapView(
  backend: WasmBackendLike,
  t: tf.TensorInfo,
  dtype: "float32" | "int32" = "float32",
): Float32Array | Int32Array {
  const be = backend as unknown as WasmHeapBackend;
  const d = be.dataIdMap.get(t.dataId);
  if (d === undefined || d.dtype !== dtype)
    throw new Error(`wasm kernel pack: a tensor is not a ${dtype} wasm buffer`);
  const n = sizeOf(t.shape);
  return dtype === "int32"
    ? new Int32Array(be.wasm.HEAPU8.buffer, d.memoryOffset, n)
    : new Float32Array(be.wasm.HEAPU8.buffer, d.memoryOffset, n);
}

/** The backend's wasm memory (a shared WebAssembly.Memory in the threaded build), if exported. */
export function wasmMemoryOf(backend: WasmBackendLike): WasmMemory | undefined {
  return (backend as unknown as { wasm: { wasmMemory?: WasmMemory } }).wasm.wasmMemory;
}

/**
 * A 2-D convolution's geometry in NHWC: x [N, H, W, Cin], filter [kh, kw, Cin, Cout],
 * output (dy) [N, Ho, Wo, Cout], strides (sh, sw), padding before (padTop, padLeft).
 */
export interface ConvGeometry {
  N: number;
  H: number;
  W: number;
  Cin: number;
  Ho: number;
  Wo: number;
  Cout: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  padTop: number;
  padLeft: number;
}
