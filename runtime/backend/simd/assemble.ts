/**
 * Assembles runtime/backend/simd/kernels.wat into WebAssembly bytes with wabt (a dev
 * dependency): used by `npm run build:wasm` (scripts/build-wasm.ts), which writes the bytes into
 * kernels-wasm.ts, and by the test that checks that file is current. The runtime never calls it.
 * Throws wabt's message when the text does not assemble or validate.
 */
import { readFileSync } from "node:fs";

/** The .wat source of the kernels. */
export const KERNELS_WAT = new URL("./kernels.wat", import.meta.url);

/** The assembled, validated module bytes of kernels.wat (SIMD and threads enabled). */
export async function assembleKernels(): Promise<Uint8Array> {
  const wabt = await (await import("wabt")).default();
  const features = { simd: true, threads: true };
  const mod = wabt.parseWat("kernels.wat", readFileSync(KERNELS_WAT, "utf8"), features);
  try {
    mod.resolveNames();
    // wabt.js's validate takes the feature set (its .d.ts omits the parameter).
    (mod.validate as (f: typeof features) => void).call(mod, features);
    return mod.toBinary({ canonicalize_lebs: true }).buffer;
  } finally {
    mod.destroy();
  }
}
