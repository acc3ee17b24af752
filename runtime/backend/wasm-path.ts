/**
 * Locates the folder of @tensorflow/tfjs-backend-wasm's `.wasm` binaries on disk (they ship
 * inside the package's dist/ folder, so the backend initialises offline).
 */
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Absolute path of the package's dist folder, with a trailing separator, as `setWasmPaths`
 * expects. Throws when the package or its SIMD binary is missing.
 */
export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  let main: string;
  try {
    main = require.resolve("@tensorflow/tfjs-backend-wasm");
  } catch {
    throw new Error(
      "The wasm backend needs @tensorflow/tfjs-backend-wasm: run `npm install --save-exact @tensorflow/tfjs-backend-wasm@4.22.0`",
    );
  }
  const dir = dirname(main);
  if (!existsSync(join(dir, "tfjs-backend-wasm-simd.wasm"))) {
    throw new Error(
      `@tensorflow/tfjs-backend-wasm is installed but ${dir} has no tfjs-backend-wasm-simd.wasm`,
    );
  }
  return dir.endsWith("/") ? dir : `${dir}/`;
}
