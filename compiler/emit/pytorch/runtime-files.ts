/**
 * The Python runtime package `disc_torch` that every PyTorch program imports; its sources live
 * beside this file (runtime/disc_torch/*.py) and are emitted next to the program, so the output
 * directory runs with nothing installed but PyTorch and NumPy.
 */
import { readFileSync } from "node:fs";
import { packagePath } from "../../package-root.js";

/** Module files of the runtime package, in a fixed order. */
export const RUNTIME_MODULES = [
  "__init__.py",
  "nets.py",
  "penalties.py",
  "data.py",
  "train.py",
  "discriminator.py",
] as const;

/**
 * The runtime's files keyed by output path ("disc_torch/nets.py", …). Reads the package's own
 * sources (shipped with the compiler); throws an Error naming the file when one is missing.
 */
export function runtimeFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of RUNTIME_MODULES) {
    const file = packagePath("compiler", "emit", "pytorch", "runtime", "disc_torch", name);
    try {
      out[`disc_torch/${name}`] = readFileSync(file, "utf8");
    } catch (err) {
      throw new Error(`the PyTorch runtime file ${file} is missing: ${(err as Error).message}`);
    }
  }
  return out;
}
