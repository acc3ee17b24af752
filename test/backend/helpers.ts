/** Shared helpers for the backend tests: seeded inputs, cpu-vs-wasm comparison, leak checks. */
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../runtime/backend/select.js";

/** Deterministic standard-normal-ish values (sum of uniforms) from a 32-bit LCG. */
export function randn(n: number, seed: number): Float32Array {
  let st = seed >>> 0 || 1;
  const u = () => ((st = (Math.imul(st, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = u() + u() + u() + u() - 2;
  return out;
}

/** Relative error max|a − b| / max|b| (b the reference). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let m = 0;
  let n = 1e-30;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
    n = Math.max(n, Math.abs(b[i] as number));
  }
  return m / n;
}

let ready = false;
/** Makes sure the wasm backend (with the kernel pack) is initialised; activates cpu. */
export async function initBackends(): Promise<void> {
  if (!ready) {
    await selectBackend("wasm", { quiet: true });
    ready = true;
  }
  await tf.setBackend("cpu");
}

/** Number of live buffers held by the active backend (catches leaks tf.memory() misses). */
export function backendBuffers(): number {
  return (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
}

/**
 * Runs `f` on cpu (reference) then on wasm, returning both outputs as flat arrays and shapes.
 * On wasm it also checks that `f` leaves no tensor or backend buffer behind.
 */
export async function cpuVsWasm(f: () => tf.Tensor | tf.Tensor[]): Promise<{
  cpu: Float32Array[];
  wasm: Float32Array[];
  shapes: number[][];
  leaked: number;
  leakedBuffers: number;
}> {
  const run = () => {
    const out = tf.tidy(f);
    const list = Array.isArray(out) ? out : [out];
    const vals = list.map((t) => Float32Array.from(t.dataSync()));
    const shapes = list.map((t) => t.shape);
    tf.dispose(list);
    return { vals, shapes };
  };
  await tf.setBackend("cpu");
  const ref = run();
  await tf.setBackend("wasm");
  const before = tf.memory().numTensors;
  const buffersBefore = backendBuffers();
  const got = run();
  const leaked = tf.memory().numTensors - before;
  const leakedBuffers = backendBuffers() - buffersBefore;
  await tf.setBackend("cpu");
  for (let i = 0; i < ref.shapes.length; i++) {
    if (JSON.stringify(ref.shapes[i]) !== JSON.stringify(got.shapes[i])) {
      throw new Error(`shape mismatch: cpu ${ref.shapes[i]} vs wasm ${got.shapes[i]}`);
    }
  }
  return { cpu: ref.vals, wasm: got.vals, shapes: got.shapes, leaked, leakedBuffers };
}

/** Asserts cpu and wasm agree to `tol` relative error and wasm leaked nothing; returns the worst error. */
export async function expectSame(f: () => tf.Tensor | tf.Tensor[], tol = 1e-4): Promise<number> {
  const r = await cpuVsWasm(f);
  let worst = 0;
  r.cpu.forEach((c, i) => {
    worst = Math.max(worst, relErr(r.wasm[i] as Float32Array, c));
  });
  if (!(worst < tol)) throw new Error(`wasm differs from cpu: relative error ${worst} ≥ ${tol}`);
  if (r.leaked !== 0 || r.leakedBuffers !== 0) {
    throw new Error(`wasm leaked ${r.leaked} tensors / ${r.leakedBuffers} backend buffers`);
  }
  return worst;
}
