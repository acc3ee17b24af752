/**
 * A second thread for the fused Adam update (runtime/backend/fused-adam.ts): one worker_thread
 * that shares the threaded wasm build's memory (a shared WasmMemory, exported by the
 * Emscripten module as `wasmMemory`) and updates its share of the elements while the main thread
 * updates the rest. The update is elementwise, so θ, m and v come out bit-identical to the
 * one-thread pass; only Σg² is summed in two partial sums (its last bits may differ).
 *
 * Protocol: main posts {jobs, scalars, seq}; the worker runs the jobs, writes its Σg² to
 * `control` (Float64 slot 1) and stores seq into `control` Int32 slot 0 with Atomics.notify; the
 * main thread, after its own share, waits on that slot (Atomics.wait is allowed in Node's main
 * thread). The worker is unref'd, so it never keeps the process alive.
 */
import { Worker } from "node:worker_threads";

/** The part of a WasmMemory used here (its current buffer; shared when threads are on). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** One contiguous range of one parameter: float32 element offsets into the heap, and a length. */
export interface AdamRange {
  readonly theta: number;
  readonly m: number;
  readonly v: number;
  readonly g: number;
  readonly length: number;
}

/** The scalars of one update (see adamKernel in fused-adam.ts). */
export interface AdamScalars {
  readonly scale: number;
  readonly b1: number;
  readonly b2: number;
  readonly a: number;
  readonly k: number;
  readonly eps: number;
}

/**
 * The worker's code: the same per-element arithmetic as fused-adam.ts's adamKernel, on a
 * Float32Array over the shared heap (re-taken each job: the buffer object changes when the
 * memory grows).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const memory = workerData.memory;
const flag = new Int32Array(workerData.control, 0, 2);
const out = new Float64Array(workerData.control, 8, 1);
parentPort.on("message", ({ jobs, s, seq }) => {
  const heap = new Float32Array(memory.buffer);
  const { scale, b1, b2, a, k, eps } = s;
  const d1 = 1 - b1, d2 = 1 - b2;
  let sq = 0;
  for (let r = 0; r < jobs.length; r += 5) {
    const th = jobs[r], m = jobs[r + 1], v = jobs[r + 2], g = jobs[r + 3], n = jobs[r + 4];
    for (let j = 0; j < n; j++) {
      const g0 = heap[g + j];
      sq += g0 * g0;
      const gj = g0 * scale;
      const mj = b1 * heap[m + j] + d1 * gj;
      const sj = b2 * heap[v + j] + d2 * gj * gj;
      heap[m + j] = mj;
      heap[v + j] = sj;
      heap[th + j] = heap[th + j] - (a * mj) / (k * Math.sqrt(sj) + eps);
    }
  }
  out[0] = sq;
  Atomics.store(flag, 0, seq);
  Atomics.notify(flag, 0);
});
`;

/** A started helper thread bound to one wasm memory. */
export class AdamPool {
  private readonly worker: Worker;
  private readonly flag: Int32Array;
  private readonly out: Float64Array;
  private seq = 0;

  /** Starts the worker on `memory` (must be shared); throws when it is not. */
  constructor(readonly memory: WasmMemory) {
    if (!(memory.buffer instanceof SharedArrayBuffer))
      throw new Error("AdamPool: the wasm memory is not shared (threads are off)");
    const control = new SharedArrayBuffer(16);
    this.flag = new Int32Array(control, 0, 2);
    this.out = new Float64Array(control, 8, 1);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { memory, control } });
    this.worker.unref();
  }

  /**
   * Posts `ranges` to the worker, runs `own()` on this thread, then waits for the worker.
   * Returns [Σg² of the worker's ranges, own()'s result]. Throws when the worker died.
   */
  run(ranges: readonly AdamRange[], s: AdamScalars, own: () => number): [number, number] {
    const jobs = new Float64Array(ranges.length * 5);
    ranges.forEach((r, i) => jobs.set([r.theta, r.m, r.v, r.g, r.length], i * 5));
    const seq = (this.seq = (this.seq % 0x3fffffff) + 1);
    this.worker.postMessage({ jobs, s, seq });
    const mine = own();
    // Wait in slices so a dead worker becomes an error, not a hang.
    while (Atomics.load(this.flag, 0) !== seq) {
      if (Atomics.wait(this.flag, 0, Atomics.load(this.flag, 0), 10_000) === "timed-out")
        throw new Error("fused Adam: the update thread did not answer within 10 s");
    }
    return [this.out[0]!, mine];
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

const pools = new WeakMap<WasmMemory, AdamPool | null>();

/**
 * The pool for `memory`, started on first use; null when `memory` is not shared or the worker
 * cannot start (then the caller updates on one thread).
 */
export function adamPoolFor(memory: WasmMemory | undefined): AdamPool | null {
  if (memory === undefined) return null;
  let pool = pools.get(memory);
  if (pool === undefined) {
    try {
      pool = new AdamPool(memory);
    } catch {
      pool = null;
    }
    pools.set(memory, pool);
  }
  return pool;
}
