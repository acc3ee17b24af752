/**
 * A second JS thread over the wasm heap: one worker_thread that shares the threaded wasm
 * build's memory (a shared WebAssembly.Memory, exported by the Emscripten module as
 * `wasmMemory`) and runs its half of a job while the main thread runs the other half: the fused
 * Adam update (fused-adam.ts), the blocked transpose (wasm-kernels/transpose-2d.ts), and calls
 * of disc's SIMD kernels (simd/index.ts `splitSimdCalls`; the worker instantiates the same module
 * on the same memory). XNNPACK's own threads are idle then, so the two cores are otherwise
 * unused. The halves write disjoint elements, so the results are bit-identical to one thread
 * (Adam's Σg² and the column sums are added from two partial sums).
 *
 * Protocol: main posts a job with a sequence number; the worker runs it, writes its number result
 * to `control` (Float64 slot 1), stores the sequence number into Int32 slot 0 and notifies; the
 * main thread, after its own half, waits on that slot (Atomics.wait is allowed in Node's main
 * thread). The worker's source is built from the kernels' own text (one implementation). It is
 * unref'd, so it never keeps the process alive. Env DISC_HEAP_WORKER=0 turns it off.
 */
import { Worker } from "node:worker_threads";
import { adamKernel, adamRange, transposeRows } from "./js-kernels.js";
import { simdModule, type SimdCall } from "./simd/index.js";

/** The part of a WebAssembly.Memory used here (its current buffer; shared when threads are on). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** One contiguous range of one parameter: float32 element offsets into the heap, and a length. */
export interface AdamRange {
  readonly theta: number;
  /** Where the new θ goes (may equal `theta`). */
  readonly thetaOut: number;
  readonly m: number;
  readonly v: number;
  readonly g: number;
  readonly length: number;
}

/** The scalars of one update (see adamKernel). */
export interface AdamScalars {
  readonly scale: number;
  readonly b1: number;
  readonly b2: number;
  readonly a: number;
  readonly k: number;
  readonly eps: number;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
${adamKernel.toString()}
${adamRange.toString()}
${transposeRows.toString()}
const memory = workerData.memory;
let simd = null; // without it adamRange runs adamKernel: same results, slower
try {
  if (workerData.simd !== null)
    simd = new WebAssembly.Instance(workerData.simd, { env: { memory } }).exports;
} catch {}
const simdAdam = simd === null ? null : simd.adam;
const flag = new Int32Array(workerData.control, 0, 2);
const out = new Float64Array(workerData.control, 8, 1);
parentPort.on("message", (job) => {
  const buf = memory.buffer; // re-taken: a new object after the memory grew
  let result = 0;
  if (job.kind === "adam") {
    const s = job.s;
    const q = job.ranges;
    for (let r = 0; r < q.length; r += 6) {
      result += adamRange(job.simd ? simdAdam : null, buf, q[r], q[r + 1], q[r + 2], q[r + 3],
        q[r + 4], q[r + 5], s.scale, s.b1, s.b2, s.a, s.k, s.eps);
    }
  } else if (job.kind === "simd") {
    if (simd === null) throw new Error("heap worker: the SIMD kernels did not instantiate here");
    for (const [name, ...args] of job.calls) simd[name](...args);
  } else {
    const n = job.R * job.C;
    transposeRows(new Float32Array(buf, job.src * 4, n), new Float32Array(buf, job.dst * 4, n),
      job.R, job.C, job.from, job.to);
  }
  out[0] = result;
  Atomics.store(flag, 0, job.seq);
  Atomics.notify(flag, 0);
});
`;

/** A started helper thread bound to one shared wasm memory. */
export class HeapWorker {
  private readonly worker: Worker;
  private readonly flag: Int32Array;
  private readonly out: Float64Array;
  private seq = 0;
  /** Why the worker stopped, once it has (an uncaught error or an exit). */
  private failure: string | null = null;

  /** Starts the worker on `memory`; throws when the memory is not shared. */
  constructor(readonly memory: WasmMemory) {
    if (!(memory.buffer instanceof SharedArrayBuffer))
      throw new Error("HeapWorker: the wasm memory is not shared (threads are off)");
    const control = new SharedArrayBuffer(16);
    this.flag = new Int32Array(control, 0, 2);
    this.out = new Float64Array(control, 8, 1);
    // The SIMD kernels' module (simd/index.ts), instantiated there on the same memory.
    const simd = memory.buffer instanceof SharedArrayBuffer ? simdModule() : null;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { memory, control, simd },
    });
    this.worker.on("error", (e: Error) => (this.failure = `failed: ${e.message}`));
    this.worker.on("exit", (code) => (this.failure ??= `exited with code ${code}`));
    this.worker.unref();
  }

  /** Posts `job`, runs `own()` here, waits for the worker; returns [worker's result, own()]. */
  private run<T>(job: Record<string, unknown>, own: () => T): [number, T] {
    const seq = (this.seq = (this.seq % 0x3fffffff) + 1);
    this.worker.postMessage({ ...job, seq });
    const mine = own();
    // Wait in slices so a dead worker becomes an error, not a hang. The value waited on is the
    // one just compared: re-reading it could see `seq` already and then sleep until the timeout.
    for (;;) {
      const seen = Atomics.load(this.flag, 0);
      if (seen === seq) break;
      if (Atomics.wait(this.flag, 0, seen, 10_000) === "timed-out")
        throw new Error(
          `heap worker: the helper thread did not answer within 10 s (${this.failure ?? "no error seen"}; DISC_HEAP_WORKER=0 turns it off)`,
        );
    }
    return [this.out[0]!, mine];
  }

  /**
   * Adam over `ranges` on the worker (with the SIMD kernel when `simd`, as the main thread
   * decided) while `own()` runs here; returns [worker's Σg², own()].
   */
  adam(
    ranges: readonly AdamRange[],
    s: AdamScalars,
    simd: boolean,
    own: () => number,
  ): [number, number] {
    const flat = new Float64Array(ranges.length * 6);
    ranges.forEach((r, i) => flat.set([r.theta, r.thetaOut, r.m, r.v, r.g, r.length], i * 6));
    return this.run({ kind: "adam", ranges: flat, s, simd }, own);
  }

  /**
   * Runs SIMD kernel calls (simd/index.ts `SimdKernels`: [name, ...arguments]) on the worker while
   * `own()` runs here; the two must write disjoint memory. Returns own()'s result.
   */
  simd<T>(calls: readonly SimdCall[], own: () => T): T {
    return this.run({ kind: "simd", calls }, own)[1];
  }

  /**
   * dst [C, R] ← srcᵀ for src [R, C] at float32 heap offsets `src`, `dst`: source rows
   * [cut, R) on the worker, [0, cut) here (cut = R/2).
   */
  transpose(src: number, dst: number, R: number, C: number): void {
    const cut = Math.floor(R / 2);
    this.run({ kind: "transpose", src, dst, R, C, from: cut, to: R }, () => {
      const buf = this.memory.buffer;
      const n = R * C;
      transposeRows(
        new Float32Array(buf, src * 4, n),
        new Float32Array(buf, dst * 4, n),
        R,
        C,
        0,
        cut,
      );
    });
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

const workers = new WeakMap<WasmMemory, HeapWorker | null>();

/**
 * The worker for `memory`, started on first use; null when `memory` is absent or not shared,
 * when DISC_HEAP_WORKER=0, or when the worker cannot start (callers then use one thread).
 */
export function heapWorkerFor(memory: WasmMemory | undefined): HeapWorker | null {
  if (memory === undefined || process.env["DISC_HEAP_WORKER"] === "0") return null;
  let w = workers.get(memory);
  if (w === undefined) {
    try {
      w = new HeapWorker(memory);
    } catch {
      w = null;
    }
    workers.set(memory, w);
  }
  return w;
}
