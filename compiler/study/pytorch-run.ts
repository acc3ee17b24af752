/**
 * Studies on the PyTorch target (`disc study SPEC --target pytorch`): each run's program is the
 * spec compiled for PyTorch with that run's params, seed and steps (`<run>/program/<model>.py`
 * plus `disc_torch/`, docs/pytorch.md), run by a Python that has torch (find-python.ts) with
 * `--out <run>` (`--resume` to continue, `--nproc N` for N DDP processes on one machine).
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { RegistryLike } from "../check/types.js";
import { compile } from "../driver.js";
import type { ResolvedRun } from "./load.js";

/**
 * Compiles the run's PyTorch program into `<runDir>/program/` (files written atomically) and
 * returns the path of its entry script.
 * @throws Error when the spec does not compile for PyTorch (its first diagnostic).
 */
export async function writePytorchProgram(
  text: string,
  file: string,
  run: ResolvedRun,
  runDir: string,
  opts: { registry?: RegistryLike; steps?: number; model?: string },
): Promise<string> {
  const result = await compile(text, file, {
    target: "pytorch",
    ...(opts.model !== undefined ? { model: opts.model } : {}),
    params: run.config,
    overrides: { seed: run.seed, ...(opts.steps !== undefined ? { steps: opts.steps } : {}) },
    ...(opts.registry ? { registry: opts.registry } : {}),
  });
  const error = result.diagnostics.find((d) => d.severity === "error");
  if (error || Object.keys(result.files).length === 0) {
    throw new Error(
      `${file}: does not compile for pytorch: ${error?.code ?? ""} ${error?.message ?? "no program"}`,
    );
  }
  const dir = join(runDir, "program");
  let entry = "";
  for (const [name, content] of Object.entries(result.files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.tmp`, content);
    renameSync(`${path}.tmp`, path);
    if (!name.includes("/") && name.endsWith(".py")) entry = path;
  }
  if (!entry) throw new Error("the PyTorch program has no entry script");
  return entry;
}
