/**
 * Backend selection for trainers and tests: `tensorflow` (tfjs-node-gpu / tfjs-node, optional,
 * used when installed), `wasm` (tfjs-backend-wasm + this project's kernel pack), `cpu`, or
 * `auto` (the fastest that loads). The order follows measured step times (bench/README.md,
 * bench/kernels.ts): tensorflow ≫ wasm (~0.5 s per conv VAE step) ≫ cpu (~155 s per step).
 */
import * as tf from "@tensorflow/tfjs";
import * as os from "node:os";
import { installWasmOomGuard } from "./memory.js";
import { registerWasmKernels } from "./wasm-kernels/index.js";
import { wasmDistDir } from "./wasm-path.js";
import { prepareWasmThreads, unrefWasmWorkers, withReportedCores } from "./wasm-threads.js";

/** A backend name accepted by `selectBackend`. */
export type BackendName = "auto" | "tensorflow" | "wasm" | "cpu";

/** Options of `selectBackend`. */
export interface SelectOptions {
  /** Do not print the "backend: …" line on stderr. */
  quiet?: boolean;
  /**
   * wasm only: XNNPACK threads. Default: env DISC_WASM_THREADS, else 2 when the machine has
   * ≥ 2 cores, else 1 (`defaultWasmThreads`). > 1 enables the multithreaded wasm binary (see
   * wasm-threads.ts); fixed by the first wasm initialisation of the process (later calls
   * without `threads` reuse it).
   */
  threads?: number;
}

/** Which backend is active and why / how it is configured. */
export interface SelectedBackend {
  name: string;
  detail: string;
}

/** How to install the optional native backends (shown when they cannot be loaded). */
export const TENSORFLOW_INSTALL_HELP =
  "The 'tensorflow' backend is not installed: npm install --save-exact @tensorflow/tfjs-node-gpu@4.22.0 (GPU) or @tensorflow/tfjs-node@4.22.0 (CPU), or use --backend wasm.\n" +
  "  CPU: npm install --save-exact @tensorflow/tfjs-node@4.22.0\n" +
  "  GPU: npm install --save-exact @tensorflow/tfjs-node-gpu@4.22.0 (Linux x64, NVIDIA driver > 450, CUDA 11.2 + cuDNN 8.1;\n" +
  "       set TF_FORCE_GPU_ALLOW_GROWTH=true or TensorFlow grabs all GPU memory)\n" +
  "  Both need Node <= 22 (they break on Node >= 23) and internet access at install time\n" +
  "  (the install script downloads libtensorflow 2.9.1). Otherwise use --backend wasm.";

function isMissingModule(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}

async function loadTensorflow(): Promise<SelectedBackend> {
  const nodeMajor = Number(process.versions.node.split(".")[0]);
  const failures: string[] = [];
  for (const pkg of ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]) {
    try {
      await import(pkg);
    } catch (err) {
      if (!isMissingModule(err))
        failures.push(`${pkg} is installed but failed to load: ${(err as Error).message}`);
      continue;
    }
    if (!(await tf.setBackend("tensorflow"))) {
      failures.push(`${pkg} loaded but tf.setBackend("tensorflow") failed`);
      continue;
    }
    const gpu = pkg.endsWith("-gpu");
    return { name: "tensorflow", detail: `${pkg} (${gpu ? "CUDA" : "CPU"} libtensorflow)` };
  }
  const nodeNote =
    nodeMajor >= 23
      ? `\n  This is Node ${process.versions.node}: the native bindings need Node <= 22.`
      : "";
  const why = failures.length > 0 ? `\n  ${failures.join("\n  ")}` : "";
  throw new Error(`${TENSORFLOW_INSTALL_HELP}${nodeNote}${why}`);
}

let wasmPathsSet = false;
let wasmThreadsRequested = 1;

/**
 * Default wasm thread count: env DISC_WASM_THREADS (a positive integer) if set, else 2 when
 * os.cpus() reports ≥ 2 cores (measured: conv β-VAE step 1.3–1.4× faster), else 1.
 * Throws on a malformed DISC_WASM_THREADS.
 */
export function defaultWasmThreads(): number {
  const env = process.env["DISC_WASM_THREADS"];
  if (env !== undefined && env !== "") {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`DISC_WASM_THREADS must be a positive integer, got '${env}'`);
    return n;
  }
  return os.cpus().length >= 2 ? 2 : 1;
}

async function loadWasm(requested?: number): Promise<SelectedBackend> {
  const threads = requested ?? (wasmPathsSet ? wasmThreadsRequested : defaultWasmThreads());
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`wasm threads must be a positive integer, got ${threads}`);
  let mod: typeof import("@tensorflow/tfjs-backend-wasm");
  try {
    mod = await import("@tensorflow/tfjs-backend-wasm");
  } catch (err) {
    throw new Error(`Cannot load @tensorflow/tfjs-backend-wasm: ${(err as Error).message}`);
  }
  if (!wasmPathsSet) {
    mod.setWasmPaths(wasmDistDir());
    tf.env().set("WASM_HAS_SIMD_SUPPORT", true);
    if (threads > 1) {
      prepareWasmThreads();
      mod.setThreadsCount(threads);
    } else {
      tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    }
    wasmThreadsRequested = threads;
    wasmPathsSet = true;
  } else if (threads !== wasmThreadsRequested && threads > 1) {
    throw new Error(
      `The wasm backend was already initialised with ${wasmThreadsRequested} thread(s) in this process; ` +
        `request ${threads} threads on the first selectBackend("wasm") call`,
    );
  }
  const kernels = registerWasmKernels();
  const init = async () => {
    if (!(await tf.setBackend("wasm")))
      throw new Error("tf.setBackend('wasm') failed to initialise the wasm module");
    await tf.ready();
  };
  if (wasmThreadsRequested > 1) {
    await withReportedCores(wasmThreadsRequested, init);
    unrefWasmWorkers(tf.backend());
  } else {
    await init();
  }
  installWasmOomGuard();
  const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
  const actual = mod.getThreadsCount();
  if (actual < wasmThreadsRequested) {
    throw new Error(
      `wasm backend runs ${actual} thread(s) although ${wasmThreadsRequested} were requested`,
    );
  }
  return {
    name: "wasm",
    detail: `tfjs-backend-wasm ${mod.version_wasm} (${simd ? "SIMD" : "no SIMD"}, ${actual} thread${actual === 1 ? "" : "s"}; kernel pack: ${kernels.join(", ")})`,
  };
}

async function loadCpu(): Promise<SelectedBackend> {
  if (!(await tf.setBackend("cpu"))) throw new Error("tf.setBackend('cpu') failed");
  return { name: "cpu", detail: "pure-JS cpu backend (slow: convolution gradients take seconds)" };
}

/**
 * Activates a tfjs backend and returns which one with a human-readable detail.
 * - "tensorflow": @tensorflow/tfjs-node-gpu, else @tensorflow/tfjs-node; throws an Error with
 *   the install instructions (`TENSORFLOW_INSTALL_HELP`) when neither loads.
 * - "wasm": tfjs-backend-wasm with SIMD, binaries from the package folder, and the kernel pack
 *   (`registerWasmKernels`); `opts.threads` (default `defaultWasmThreads()`: 2 on ≥ 2 cores)
 *   > 1 enables multithreaded XNNPACK. Throws when the
 *   module cannot initialise, or when fewer threads than requested are running.
 * - "cpu": the pure-JS backend.
 * - "auto": tensorflow if loadable, else wasm, else cpu; `detail` says why.
 * Idempotent: calling it again (with any name) just (re)activates that backend.
 * Throws an Error naming the valid choices for an unknown name.
 */
export async function selectBackend(
  name: BackendName,
  opts: SelectOptions = {},
): Promise<SelectedBackend> {
  let chosen: SelectedBackend;
  switch (name) {
    case "tensorflow":
      chosen = await loadTensorflow();
      break;
    case "wasm":
      chosen = await loadWasm(opts.threads);
      break;
    case "cpu":
      chosen = await loadCpu();
      break;
    case "auto": {
      const skipped: string[] = [];
      try {
        chosen = await loadTensorflow();
      } catch (e) {
        skipped.push(`tensorflow unavailable (${firstLine(e)})`);
        try {
          chosen = await loadWasm(opts.threads);
        } catch (e2) {
          skipped.push(`wasm unavailable (${firstLine(e2)})`);
          chosen = await loadCpu();
        }
      }
      if (skipped.length > 0)
        chosen = { name: chosen.name, detail: `${chosen.detail}; auto: ${skipped.join("; ")}` };
      break;
    }
    default:
      throw new Error(
        `Unknown backend '${String(name)}': choose one of auto, tensorflow, wasm, cpu`,
      );
  }
  if (opts.quiet !== true) process.stderr.write(`backend: ${chosen.name} — ${chosen.detail}\n`);
  return chosen;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0] ?? "";
}
