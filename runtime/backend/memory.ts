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
  if (tf.getBackend() !== "wasm") return false;
  const msg = String((err as Error | undefined)?.message ?? err);
  // WebAssembly.RuntimeError (no DOM/wasm lib types in this tsconfig: match by name).
  const isWasmRuntime = (err as Error | undefined)?.constructor?.name === "RuntimeError";
  return (
    (isWasmRuntime && /out of bounds|unreachable|Aborted/i.test(msg)) ||
    /Cannot enlarge memory|Aborted\(OOM\)|out of memory|Maximum memory size|Array buffer allocation failed/i.test(msg)
  );
}

/** Error thrown instead of the raw wasm trap when training runs out of wasm memory. */
export class WasmOutOfMemoryError extends Error {
  constructor(what: string, cause: unknown) {
    const heap = wasmHeapBytes();
    const gib = (b: number) => (b / 2 ** 30).toFixed(2);
    super(
      `${what}: the wasm backend ran out of memory (heap ${heap === undefined ? "?" : gib(heap)} GiB of the ` +
        `${gib(WASM_HEAP_LIMIT)} GiB wasm32 limit; the heap never shrinks). Lower the batch size or the ` +
        `network width, or train with --backend tensorflow (tfjs-node, native memory). ` +
        `See bench/README.md "Memory" for measured limits. (${String((cause as Error)?.message ?? cause)})`,
    );
    this.name = "WasmOutOfMemoryError";
  }
}
