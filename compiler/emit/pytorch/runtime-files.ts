/**
 * The Python runtime package `disc_torch` that every PyTorch program imports; its sources live
 * beside this file (runtime/disc_torch/*.py) and are emitted next to the program, so the output
 * directory runs with nothing installed but PyTorch and NumPy.
 */
import { readFileSync } from "node:fs";

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
    const url = new URL(`./runtime/disc_torch/${name}`, import.meta.url);
    try {
      out[`disc_torch/${name}`] = readFileSync(url, "utf8");
    } catch (err) {
      throw new Error(
        `the PyTorch runtime file ${url.pathname} is missing: ${(err as Error).message}`,
      );
    }
  }
  return out;
}
