/**
 * Whether a Python with torch (Debian's python3-torch) can run here. `npm test` installs it where
 * it is missing and it may (scripts/test-deps.sh, root); elsewhere the PyTorch tests skip with
 * the printed reason.
 */
import { spawnSync } from "node:child_process";
import { findPython } from "../../compiler/study/find-python.js";

/** The interpreter disc itself would choose (compiler/study/find-python.ts); DISC_TEST_PYTHON overrides. */
export const PYTHON = process.env["DISC_TEST_PYTHON"] ?? findPython().python;

export type TorchStatus =
  { readonly ok: true; readonly version: string } | { readonly ok: false; readonly reason: string };

let cached: TorchStatus | undefined;

/** Probes `import torch, numpy` once per process (about 2 s when present). */
export function torchStatus(): TorchStatus {
  if (cached) return cached;
  const r = spawnSync(PYTHON, ["-c", "import torch, numpy; print(torch.__version__)"], {
    encoding: "utf8",
    timeout: 60_000,
  });
  if (r.error) cached = { ok: false, reason: `${PYTHON} cannot run (${r.error.message})` };
  else if (r.status !== 0) {
    const last = (r.stderr || "").trim().split("\n").pop() ?? "";
    cached = {
      ok: false,
      reason: `${PYTHON} cannot import torch/numpy (${last}); install with apt-get install -y python3-torch libopenblas0-pthread`,
    };
  } else cached = { ok: true, version: r.stdout.trim() };
  if (!cached.ok) console.log(`[pytorch tests skipped] ${cached.reason}`);
  return cached;
}
