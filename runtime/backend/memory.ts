/**
 * Out-of-memory on the wasm backend. tfjs-backend-wasm runs in wasm32: its heap grows up to
 * 4 GiB and never shrinks; when `malloc` fails the kernels write out of bounds and the engine
 * throws `RuntimeError: memory access out of bounds` (or emscripten aborts). After that the
 * wasm module's state is undefined, so the error must end the run — with advice.
 * Measured limits: bench/README.md "Memory".
 */
import * as tf from "@tensorflow/tfjs";

/** wasm32's hard heap limit (bytes). */
export const WASM_HEAP_LIMIT = 4 * 2 ** 30;

/** Current size of the wasm heap in bytes (undefined when the wasm backend is not active). */
export function wasmHeapBytes(): number | undefined {
  if (tf.getBackend() !== "wasm") return undefined;
  const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
  return heap?.buffer.byteLength;
}

/** True when `err` looks like the wasm backend running out of memory (see the module doc). */
export function isWasmOutOfMemory(err: unknown): boolean {
  if (err instanceof WasmOutOfMemoryError) return true;
  if (tf.getBackend() !== "wasm") return false;
  const msg = String((err as Error | undefined)?.message ?? err);
  // WebAssembly.RuntimeError (no DOM/wasm lib types in this tsconfig: match by name).
  const isWasmRuntime = (err as Error | undefined)?.constructor?.name === "RuntimeError";
  return (
    (isWasmRuntime && /out of bounds|unreachable|Aborted/i.test(msg)) ||
    /Cannot enlarge memory|Aborted\(OOM\)|out of memory|Maximum memory size|Array buffer allocation failed/i.test(
      msg,
    )
  );
}

/** Error thrown instead of the raw wasm trap when training runs out of wasm memory. */
export class WasmOutOfMemoryError extends Error {
  /** What failed, without the advice (e.g. "allocating 1024.0 MiB"). */
  readonly detail: string;
  constructor(what: string, cause: unknown) {
    const heap = wasmHeapBytes();
    const gib = (b: number) => (b / 2 ** 30).toFixed(2);
    const detail =
      cause instanceof WasmOutOfMemoryError
        ? cause.detail
        : String((cause as Error)?.message ?? cause);
    super(
      `${what}: the wasm backend ran out of memory (heap ${heap === undefined ? "?" : gib(heap)} GiB of the ` +
        `${gib(WASM_HEAP_LIMIT)} GiB wasm32 limit; the heap never shrinks). Lower the batch size or the ` +
        `network width, or train with --backend tensorflow (tfjs-node, native memory). ` +
        `See bench/README.md "Memory" for measured limits. (${detail})`,
    );
    this.name = "WasmOutOfMemoryError";
    this.detail = detail;
  }
}

const guarded = new WeakSet<object>();

/**
 * Makes a failed wasm allocation throw WasmOutOfMemoryError at once, on the main thread, before
 * anything is written through the null pointer: tfjs-backend-wasm does not check `malloc`'s
 * result (uploads then overwrite address 0, kernels trap later — or, inside a pthread worker,
 * hang the process). Wraps the active wasm backend's JS-side `_malloc` (which every tensor
 * allocation goes through; no wasm frame is on the stack there, so throwing is safe).
 * Idempotent; a no-op on other backends.
 */
export function installWasmOomGuard(): void {
  if (tf.getBackend() !== "wasm") return;
  const wasm = (
    tf.backend() as unknown as { wasm: { _malloc(n: number): number; _free(p: number): void } }
  ).wasm;
  if (guarded.has(wasm)) return;
  guarded.add(wasm);
  const free = wasm._free.bind(wasm);
  wasm._malloc = guardMalloc(wasm._malloc.bind(wasm), free, WASM_HEAP_LIMIT - WASM_HEAP_RESERVE);
}

/**
 * Heap kept free for XNNPACK's own allocations (packed weights, indirection buffers): when one
 * of those fails inside C, XNNPACK only logs "status 6" and the process hangs, so tensor
 * allocations are refused before the heap gets that full.
 */
export const WASM_HEAP_RESERVE = 256 * 2 ** 20;

/**
 * `malloc` that throws WasmOutOfMemoryError instead of returning the null pointer, or a block
 * ending above `limit` bytes (freed first), for n > 0 bytes.
 */
export function guardMalloc(
  malloc: (n: number) => number,
  free: (p: number) => void = () => {},
  limit = WASM_HEAP_LIMIT,
): (n: number) => number {
  return (n: number): number => {
    const p = malloc(n) >>> 0;
    if (n > 0 && (p === 0 || p + n > limit)) {
      if (p !== 0) free(p);
      throw new WasmOutOfMemoryError(
        "wasm backend",
        `allocating ${(n / 2 ** 20).toFixed(1)} MiB failed${p === 0 ? "" : " (would leave < 256 MiB for XNNPACK)"}`,
      );
    }
    return p;
  };
}
