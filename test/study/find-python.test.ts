/**
 * disc finds the Python that has torch itself (issue 20, item 9): Debian's python3-torch is
 * built for /usr/bin/python3, which a pyenv `python3` earlier on PATH hides; the finder tries
 * /usr/bin/python3 first, then `python3` and `python` on PATH, and $DISC_PYTHON alone when set.
 * Every place disc runs Python (disc study --target pytorch, the PyTorch tests) uses it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEBIAN_PYTHON, findPython, pythonCandidates } from "../../compiler/study/find-python.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

describe("finding the Python with torch", () => {
  it("tries Debian's interpreter before a python3 on PATH, and DISC_PYTHON alone", () => {
    const debian = existsSync(DEBIAN_PYTHON) ? [DEBIAN_PYTHON] : [];
    expect(pythonCandidates({})).toEqual([...debian, "python3", "python"]);
    expect(pythonCandidates({ DISC_PYTHON: "/opt/py/bin/python" })).toEqual(["/opt/py/bin/python"]);
  });

  it("chooses the first that imports torch; else names the first with its problem", () => {
    const has = (ok: string) => (p: string) => (p === ok ? undefined : `${p} has no torch`);
    expect(findPython({}, has("python3"))).toEqual({ python: "python3" });
    const none = findPython({}, () => "no torch");
    expect(none.python).toBe(existsSync(DEBIAN_PYTHON) ? DEBIAN_PYTHON : "python3");
    expect(none.problem).toBe("no torch");
  });

  it("finds torch here even when the python3 first on PATH lacks it", () => {
    const choice = findPython();
    if (choice.problem !== undefined) {
      console.log(`[skipped] no Python with torch here: ${choice.problem}`);
      return;
    }
    const r = JSON.stringify(choice);
    expect(choice.python, r).toBeTruthy();
  });

  it("disc runs Python through the finder only", () => {
    for (const file of ["compiler/study/execute.ts", "compiler/cli/study-command.ts"]) {
      const text = readFileSync(join(REPO, file), "utf8");
      expect(text, file).toMatch(/findPython\(\)/);
      expect(text, file).not.toMatch(/"python3"|\/usr\/bin\/python3/);
    }
  });
});
