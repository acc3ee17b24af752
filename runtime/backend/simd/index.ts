/**
 * disc's own WebAssembly SIMD kernels (kernels.wat, assembled into kernels-wasm.ts by
 * `npm run build:wasm`), instantiated on tfjs-backend-wasm's heap: the threaded build's memory is
 * a shared WebAssembly.Memory, which this module imports, so the kernels read and write tensors
 * in place, on the main thread and on the heap worker (heap-worker.ts), next to XNNPACK.
 * Available only where that memory is shared (the threaded build, the default); otherwise, or
 * when DISC_SIMD=0, every caller takes its earlier path (XNNPACK compositions or the JS kernels
 * of js-kernels.ts), which gives the numerics from before these kernels bit for bit.
 */
import type { HeapWorker } from "../heap-worker.js";
import { KERNELS_WASM_BASE64 } from "./kernels-wasm.js";

/** The kernels' exports. Pointers are byte offsets into the heap. */
export interface SimdKernels {
  /**
   * Adam over n4·4 float32 elements (see kernels.wat): m, v in place, new θ at `out`; float64
   * arithmetic bit-identical to js-kernels.ts adamKernel. Returns Σ g².
   */
  adam(
    th: number,
    out: number,
    m: number,
    v: number,
    g: number,
    n4: number,
    scale: number,
    b1: number,
    b2: number,
    a: number,
    k: number,
    eps: number,
  ): number;
  /**
   * C[m, n] = Σ_{p<P, q<Q, r<R} A(p,q,r)[m] · B(p,q,r)[n] for rows [m0, m1) of C (N columns,
   * rows ldc bytes apart; overwritten, or added to when acc ≠ 0), with
   * A(p,q,r) = a + p·sap + q·saq + r·sar and B likewise (bytes); float32.
   * m0, m1 multiples of 4, N a multiple of 8 (kernels.wat `gemm_tn`).
   */
  gemm_tn(
    a: number,
    b: number,
    c: number,
    ldc: number,
    N: number,
    m0: number,
    m1: number,
    acc: number,
    P: number,
    sap: number,
    sbp: number,
    Q: number,
    saq: number,
    sbq: number,
    R: number,
    sar: number,
    sbr: number,
  ): void;
  /**
   * Copies `rows` contiguous rows of `len` bytes from `src` to `dst`, each framed by `left` zero
   * bytes before and `right` after (kernels.wat `pad_rows`).
   */
  pad_rows(src: number, dst: number, rows: number, len: number, left: number, right: number): void;
  /**
   * Copies a rows × cols grid of `len`-byte blocks (len a multiple of 4): block (r, c) from
   * src + r·srs + c·scs to dst + r·drs + c·dcs (kernels.wat `copy_blocks`).
   */
  copy_blocks(
    src: number,
    dst: number,
    rows: number,
    srs: number,
    drs: number,
    cols: number,
    scs: number,
    dcs: number,
    len: number,
  ): void;
  /**
   * Adds a transposed convolution's columns into its padded output: for each (n, oh, ow) and
   * filter row i < kh, the next `run` bytes of `cols` go to out + n·sn + oh·soh + ow·sow + i·si
   * (kernels.wat `col2im`).
   */
  col2im(
    cols: number,
    out: number,
    N: number,
    Ho: number,
    Wo: number,
    kh: number,
    run: number,
    sn: number,
    soh: number,
    sow: number,
    si: number,
  ): void;
  /**
   * acc[c] += Σ_r src[r·cols + c] (float32 src [rows, cols], cols a multiple of 4; float64 acc
   * at byte offset `acc`) (kernels.wat `colsum`).
   */
  colsum(src: number, rows: number, cols: number, acc: number): void;
  /** out[i] = dy[i] · step(x[i]) (1 above 0, NaN for NaN, else 0), i < 4·n4 (`relu_grad`). */
  relu_grad(dy: number, x: number, out: number, n4: number): void;
  /** Zeroes `len` bytes at `dst` (kernels.wat `zero`). */
  zero(dst: number, len: number): void;
}

/** The parts of the WebAssembly global used here (tsconfig's libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: object) => { exports: object };
  Memory: abstract new (...args: never[]) => { buffer: ArrayBufferLike };
}
/** A compiled WebAssembly.Module (opaque here; a worker_thread can receive it). */
export type WasmModule = object & { readonly __wasmModule?: never };
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: WasmModule | null | undefined;

/** The compiled module (once per process); null when this engine cannot compile it. */
export function simdModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = new WA.Module(Buffer.from(KERNELS_WASM_BASE64, "base64"));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const instances = new WeakMap<object, SimdKernels | null>();

/**
 * The kernels bound to `memory` (instantiated on first use); null when `memory` is absent or not
 * a shared WebAssembly.Memory, when DISC_SIMD=0, or when the module cannot be instantiated.
 */
export function simdKernelsFor(memory: unknown): SimdKernels | null {
  if (process.env["DISC_SIMD"] === "0") return null;
  if (!(memory instanceof WA.Memory) || !(memory.buffer instanceof SharedArrayBuffer)) return null;
  let k = instances.get(memory);
  if (k === undefined) {
    const mod = simdModule();
    try {
      k =
        mod === null
          ? null
          : (new WA.Instance(mod, { env: { memory } }).exports as unknown as SimdKernels);
    } catch {
      k = null;
    }
    instances.set(memory, k);
  }
  return k;
}

/** One kernel call by name, [kernel, ...arguments]: the form the heap worker receives too. */
export type SimdCall = readonly [keyof SimdKernels, ...number[]];

/** Runs `calls` in order on this thread. */
export function runSimdCalls(simd: SimdKernels, calls: readonly SimdCall[]): void {
  for (const [name, ...args] of calls) (simd[name] as (...a: number[]) => unknown)(...args);
}

/**
 * Runs `mine` on this thread while the heap worker runs `theirs` (the two must write disjoint
 * memory), or both here, in order, when `worker` is null. Returns when both are done.
 */
export function splitSimdCalls(
  simd: SimdKernels,
  worker: HeapWorker | null,
  mine: readonly SimdCall[],
  theirs: readonly SimdCall[],
): void {
  if (worker === null || theirs.length === 0) runSimdCalls(simd, [...mine, ...theirs]);
  else worker.simd(theirs, () => runSimdCalls(simd, mine));
}
