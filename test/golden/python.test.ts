/**
 * Golden tests of the PyTorch target (issue #21): every good case that compiles with
 * `{ target: "pytorch" }` has its emitted program (`<model>.py`, the file the user edits) in
 * `expected.program.py`, compared byte for byte (accept with `npm run golden:accept`); a case the
 * target refuses has no Python golden, and its refusal must be DIS4004 errors, not an internal
 * error. The disc_torch runtime package is copied, not generated per spec, so it has no golden,
 * and `<model>.spec.json` is the IR, which must equal the case's `expected.ir.json`. Then every
 * `expected.program.py` must pass `black --check -l 120` and
 * `flake8 --max-line-length 120 --extend-ignore E203` (as test/pytorch/lint.test.ts; Debian's
 * black and flake8): a missing tool skips with a printed reason, and fails when CI is set.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import { caseDirs } from "./cases.js";

const ROOT = fileURLToPath(new URL(".", import.meta.url));
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const ACCEPT = process.env["GOLDEN_ACCEPT"] === "1";
const GOLDEN = "expected.program.py";
const inCI = !!process.env["CI"] && process.env["CI"] !== "false" && process.env["CI"] !== "0";

/** The PyTorch target's output for a case folder's input.dis. */
async function compilePytorch(dir: string) {
  const text = readFileSync(join(dir, "input.dis"), "utf8");
  return compile(text, "input.dis", { target: "pytorch" });
}

/** The files of `files` that are not the disc_torch runtime package. */
const generated = (files: Record<string, string>): string[] =>
  Object.keys(files).filter((f) => !f.startsWith("disc_torch/"));

describe("golden: emitted PyTorch programs", () => {
  const dirs = caseDirs(join(ROOT, "good"));
  for (const dir of dirs) {
    it(relative(ROOT, dir), async () => {
      const path = join(dir, GOLDEN);
      const r = await compilePytorch(dir);
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0) {
        // A construct the PyTorch target cannot emit yet: DIS4004 errors, no files, no golden.
        expect(errors.map((d) => d.code)).toEqual(errors.map(() => "DIS4004"));
        expect(r.files).toEqual({});
        expect(existsSync(path), `${relative(ROOT, path)} is stale; delete it`).toBe(false);
        return;
      }
      // the program, its resolved spec and the runtime package: nothing else
      const [program, spec, ...rest] = generated(r.files).sort();
      expect(rest).toEqual([]);
      expect(program).toMatch(/^[A-Za-z_][A-Za-z0-9_]*\.py$/);
      expect(spec).toBe(program!.replace(/\.py$/, ".spec.json"));
      expect(r.files[spec!]).toBe(readFileSync(join(dir, "expected.ir.json"), "utf8"));
      const source = r.files[program!]!;
      // deterministic: a second compile emits the same bytes
      const again = await compilePytorch(dir);
      expect(again.files[program!]).toBe(source);
      if (ACCEPT) writeFileSync(path, source);
      else {
        expect(
          existsSync(path),
          `${relative(ROOT, path)} is missing; run npm run golden:accept`,
        ).toBe(true);
        expect(source).toBe(readFileSync(path, "utf8"));
      }
    });
  }

  const goldens = (): string[] =>
    dirs
      .map((d) => join(d, GOLDEN))
      .filter((p) => existsSync(p))
      .map((p) => relative(REPO, p));

  it("some case has a Python golden", () => {
    expect(goldens().length).toBeGreaterThan(0);
  });

  const TOOLS: Record<string, string[]> = {
    black: ["--check", "--diff", "-q", "-l", "120"],
    flake8: ["--max-line-length", "120", "--extend-ignore", "E203"],
  };
  for (const [tool, args] of Object.entries(TOOLS)) {
    const present = !spawnSync(tool, ["--version"], { encoding: "utf8" }).error;
    if (!present && !inCI)
      console.log(`[skipped] ${tool} is not installed (apt-get install -y black flake8)`);
    it.skipIf(!present && !inCI)(`${tool} accepts every ${GOLDEN}`, () => {
      expect(present, `${tool} is not installed (apt-get install -y black flake8)`).toBe(true);
      const r = spawnSync(tool, [...args, ...goldens()], {
        cwd: REPO,
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    });
  }
});
