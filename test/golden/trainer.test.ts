/**
 * Golden tests of the last stage: every good case's generated trainer is compared with its
 * `expected.trainer.ts` (accept with `npm run golden:accept`), and then every expected program
 * is compiled with `tsc --strict --noEmit` against the real tfjs and disc types.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import { caseDirs } from "./cases.js";

const ROOT = fileURLToPath(new URL(".", import.meta.url));
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const ACCEPT = process.env["GOLDEN_ACCEPT"] === "1";

describe("golden: emitted trainers", () => {
  for (const dir of caseDirs(join(ROOT, "good"))) {
    it(relative(ROOT, dir), async () => {
      const text = readFileSync(join(dir, "input.dis"), "utf8");
      const r = await compile(text, "input.dis");
      const path = join(dir, "expected.trainer.ts");
      const program = Object.values(r.files)[0];
      if (program === undefined) {
        // A backbone the TypeScript target cannot train yet: one DIS4003, no program.
        expect(r.diagnostics.map((d) => d.code)).toEqual(["DIS4003"]);
        expect(existsSync(path)).toBe(false);
        return;
      }
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      if (ACCEPT) writeFileSync(path, program);
      else expect(program).toBe(readFileSync(path, "utf8"));
    });
  }

  it("every expected program passes tsc --strict", () => {
    const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
    try {
      execFileSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.json")], {
        cwd: REPO,
        encoding: "utf8",
      });
    } catch (error) {
      const out = (error as { stdout?: string }).stdout ?? String(error);
      expect.fail(`tsc --strict failed on the expected programs:\n${out}`);
    }
  });
});
