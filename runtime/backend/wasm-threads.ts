/**
 * Multithreaded tfjs-backend-wasm in Node (opt-in).
 *
 * tfjs 4.22 turns WASM_HAS_MULTITHREAD_SUPPORT off in Node, and forcing it fails because the
 * pthread worker is handed a `blob:` URL (ERR_WORKER_PATH) and the C++ side caps XNNPACK's pool
 * at half the logical cores. This module makes it work: the worker script is
 * written to a real file, the worker loads the package's own threaded-SIMD main script from
 * disk, and os.cpus() reports enough cores while the backend initialises.
 * Effect measured here: XNNPACK ops (conv, matmul) ~2× faster with 2 threads; whole training
 * steps less (elementwise ops, reductions and the Adam update stay single-threaded).
 */
import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import * as os from "node:os";
import { dirname, join } from "node:path";

let prepared: { workerPath: string; blobSize: number } | undefined;

function packageFile(rel: string): string {
  const require = createRequire(import.meta.url);
  const p = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "..", rel);
  if (!existsSync(p))
    throw new Error(`wasm threads: ${p} is missing from @tensorflow/tfjs-backend-wasm`);
  return p;
}

/**
 * Prepares the Node environment for the threaded wasm binary. Must run before the wasm backend
 * initialises (i.e. before the first `tf.setBackend("wasm")`). Idempotent.
 * Throws when the package lacks its threaded binary / scripts.
 */
export function prepareWasmThreads(): void {
  if (prepared !== undefined) return;
  const require = createRequire(import.meta.url);
  const mainScript = packageFile("wasm-out/tfjs-backend-wasm-threaded-simd.js");
  packageFile("dist/tfjs-backend-wasm-threaded-simd.wasm");
  const { wasmWorkerContents } = require(
    packageFile("wasm-out/tfjs-backend-wasm-threaded-simd.worker.js"),
  ) as {
    wasmWorkerContents: string;
  };
  // tfjs puts the worker source into a Blob after escaping newlines inside string literals.
  const workerSource = wasmWorkerContents.replace(/\n/g, "\\n");
  // Inside the worker, the main script arrives as a Blob; make its object URL the file on disk
  // (the worker then `importScripts` it with fs.readFileSync).
  const prelude =
    `URL.createObjectURL = function () { return ${JSON.stringify(mainScript)}; };\n` +
    `URL.revokeObjectURL = function () {};\n`;
  const dir = mkdtempSync(join(os.tmpdir(), "disc-wasm-threads-"));
  const workerPath = join(dir, "tfjs-backend-wasm-threaded-simd.worker.cjs");
  writeFileSync(workerPath, prelude + workerSource);
  const blobSize = Buffer.byteLength(workerSource);
  // On the main thread, tfjs asks for an object URL of the worker Blob: hand out the file.
  const original = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj: Blob) =>
    obj instanceof Blob && obj.type === "application/javascript" && obj.size === blobSize
      ? workerPath
      : original(obj);
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  prepared = { workerPath, blobSize };
}

/**
 * Runs `init` (the backend initialisation) while os.cpus() reports at least 2·threads cores,
 * so the C++ side's "half the logical cores" cap allows `threads` threads.
 */
export async function withReportedCores<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const require = createRequire(import.meta.url);
  const osCjs = require("node:os") as typeof os;
  const real = osCjs.cpus;
  const cpus = real();
  const want = Math.max(cpus.length, 2 * threads);
  osCjs.cpus = () =>
    Array.from({ length: want }, (_, i) => cpus[i % Math.max(1, cpus.length)] as os.CpuInfo);
  try {
    return await init();
  } finally {
    osCjs.cpus = real;
  }
}

/**
 * Un-references the backend's pthread workers so they do not keep a finished Node process
 * alive (emscripten only unrefs idle pool workers). Call after the wasm backend initialised.
 */
export function unrefWasmWorkers(backend: unknown): void {
  type W = { unref?: () => void };
  const pt = (backend as { wasm?: { PThread?: { runningWorkers?: W[]; unusedWorkers?: W[] } } })
    .wasm?.PThread;
  for (const w of [...(pt?.runningWorkers ?? []), ...(pt?.unusedWorkers ?? [])]) w.unref?.();
}
