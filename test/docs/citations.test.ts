/**
 * Product docs and sources cite papers and the repository's own files only (issue 20, item 9):
 * every `NAME.md` that the compiler, runtime, standard library, examples, editors or docs name
 * is a file of this repository (no `methods.md §3` of notes that ship nowhere), and
 * docs/pytorch.md names the interpreter that has torch.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const PRODUCT = ["compiler", "runtime", "stdlib", "docs", "examples", "editors", "README.md"];
/** Files whose citations wait for work in progress (none). */
const PENDING = new Set<string>([]);

const files = (paths: readonly string[]): string[] =>
  execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", ...paths], {
    cwd: REPO,
    encoding: "utf8",
  })
    .split("\n")
    .filter((f) => /\.(ts|js|py|md|dis|json)$/.test(f) && !f.includes("node_modules"));

describe("citations", () => {
  it("every .md file a product file names is in the repository", () => {
    const ours = new Set(
      files(["."])
        .filter((f) => f.endsWith(".md"))
        .map((f) => basename(f)),
    );
    const missing: string[] = [];
    for (const file of files(PRODUCT)) {
      if (PENDING.has(file)) continue;
      const text = readFileSync(`${REPO}/${file}`, "utf8");
      for (const m of text.matchAll(/[\w./-]*\b(\w[\w-]*\.md)\b/g)) {
        if (/^https?:|github\.com/.test(m[0]) || ours.has(m[1]!)) continue;
        missing.push(`${file}: ${m[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("docs/pytorch.md names the interpreter that has torch and how disc finds it", () => {
    const doc = readFileSync(`${REPO}/docs/pytorch.md`, "utf8");
    expect(doc).toMatch(/\/usr\/bin\/python3/);
    expect(doc).toMatch(/pyenv/);
    expect(doc).toMatch(/DISC_PYTHON/);
    expect(doc).toMatch(/compiler\/study\/find-python\.ts/);
  });
});
