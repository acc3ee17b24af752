/**
 * The emitted Python is valid and formatted: for every supported example the program and the
 * disc_torch runtime byte-compile (python3 -m py_compile), pass `black --check -l 120` and
 * `flake8 --max-line-length 120 --extend-ignore E203` (Debian's black and flake8 packages).
 * Each tool that is not installed is skipped with a printed reason. No torch needed.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import { PYTHON } from "./torch-env.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const OUT = join(REPO, "test", ".generated", "pytorch-lint");
const EXAMPLES = ["beta-vae", "beta-tcvae", "annealed-vae", "dip-vae", "factor-vae", "quickstart"];

const has = (cmd: string) => !spawnSync(cmd, ["--version"], { encoding: "utf8" }).error;
const TOOLS: Record<string, string[]> = {
  [PYTHON]: ["-m", "compileall", "-q", "."],
  black: ["--check", "-q", "-l", "120", "."],
  flake8: ["--max-line-length", "120", "--extend-ignore", "E203", "."],
};

describe("pytorch target: emitted Python is valid and formatted", () => {
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    for (const ex of EXAMPLES) {
      const r = await compile(
        readFileSync(join(REPO, "examples", `${ex}.dis`), "utf8"),
        `${ex}.dis`,
        { target: "pytorch" },
      );
      for (const [name, content] of Object.entries(r.files)) {
        mkdirSync(dirname(join(OUT, name)), { recursive: true });
        writeFileSync(join(OUT, name), content);
      }
    }
  });
  for (const [tool, args] of Object.entries(TOOLS)) {
    const present = has(tool);
    if (!present)
      console.log(`[skipped] ${tool} is not installed (apt-get install -y black flake8)`);
    it.skipIf(!present)(
      `${tool.split("/").pop()} accepts the programs of ${EXAMPLES.length} examples and disc_torch`,
      () => {
        const r = spawnSync(tool, args, { cwd: OUT, encoding: "utf8", timeout: 60_000 });
        expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      },
    );
  }
});
