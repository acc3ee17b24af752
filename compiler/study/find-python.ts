/**
 * The one place disc looks for a Python that can run the PyTorch target (`disc study --target
 * pytorch`; the PyTorch tests use it too). On Debian, the `python3-torch` package installs torch
 * for the distribution's interpreter, /usr/bin/python3; a `python3` earlier on PATH (pyenv,
 * conda, a virtualenv) is another interpreter that does not see it. So the candidates are
 * $DISC_PYTHON alone when it is set, else /usr/bin/python3, then `python3` and `python` on PATH,
 * and the first that imports torch and numpy is chosen.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** The interpreter chosen, and why it cannot run the PyTorch target (undefined when it can). */
export interface PythonChoice {
  readonly python: string;
  readonly problem?: string;
}

/** Debian's interpreter, the one python3-torch is built for. */
export const DEBIAN_PYTHON = "/usr/bin/python3";

/** Why `python` cannot run the PyTorch target (undefined when it imports torch and numpy). */
export function pythonProblem(python: string): string | undefined {
  const r = spawnSync(python, ["-c", "import torch, numpy"], { encoding: "utf8" });
  if (r.error) return `${python} cannot run (${r.error.message})`;
  if (r.status !== 0) {
    const last = r.stderr.trim().split("\n").pop() ?? "";
    return `${python} cannot import torch and numpy (${last}); set DISC_PYTHON to a Python that has them, or apt-get install python3-torch (for ${DEBIAN_PYTHON})`;
  }
  return undefined;
}

/** The interpreters tried, in order (see the file comment). */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const own = env["DISC_PYTHON"];
  if (own) return [own];
  return [...(existsSync(DEBIAN_PYTHON) ? [DEBIAN_PYTHON] : []), "python3", "python"];
}

const cache = new Map<string, PythonChoice>();

/**
 * The first candidate that imports torch and numpy; when none does, the first candidate with
 * its problem (so the message names the interpreter a user would expect). Cached per process.
 */
export function findPython(
  env: NodeJS.ProcessEnv = process.env,
  probe: (python: string) => string | undefined = pythonProblem,
): PythonChoice {
  const candidates = pythonCandidates(env);
  const key = candidates.join("\n");
  const known = probe === pythonProblem ? cache.get(key) : undefined;
  if (known !== undefined) return known;
  let first: PythonChoice | undefined;
  let choice: PythonChoice | undefined;
  for (const python of candidates) {
    const problem = probe(python);
    if (problem === undefined) {
      choice = { python };
      break;
    }
    first ??= { python, problem };
  }
  choice ??= first ?? { python: "python3", problem: "no Python interpreter found" };
  if (probe === pythonProblem) cache.set(key, choice);
  return choice;
}
