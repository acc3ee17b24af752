/**
 * Issue 20, item 2: a missing or unreadable data file or folder is a one-line user error with
 * exit 1 and a hint (never "internal error … a bug in disc"), and the failed start leaves a run
 * directory that a later `--resume` continues from step 0 once the file is there.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dspritesNpz } from "../data/dsprites-fixture.js";
import { disc, tinySpec } from "./run-disc.js";

const spec = (data: string) => tinySpec({ data, hidden: 8 });

/**
 * Trains `data` in a fresh folder; expects a one-line user error matching `pattern` with a hint.
 * Returns the run directory and the line.
 */
function failsWithHint(
  dir: string,
  data: string,
  pattern: RegExp,
  hint: RegExp,
): { out: string; line: string } {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.dis`);
  writeFileSync(file, spec(data));
  const out = `${file}.run`;
  const r = disc("train", file, "--out", out, "--quiet", "--no-eval");
  expect(r.code, r.stderr).toBe(1);
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).toMatch(/; hint: /);
  expect(lines[0]).toMatch(hint);
  expect(r.stderr).not.toMatch(/internal error|bug in disc|\n\s+at /);
  return { out, line: lines[0] ?? "" };
}

describe("missing or unreadable data (issue 20, item 2)", () => {
  it("a missing .npz is a one-line error with a hint, and --resume continues once it exists", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-data-"));
    const { out } = failsWithHint(
      dir,
      'dsprites(batch: 4, size: 32, path: "data/five.npz")',
      /cannot open \.npz archive '.*five\.npz'/,
      /relative path is read from the spec's folder/,
    );
    const runJson = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as object;
    expect(runJson).toMatchObject({ status: "failed", exitCode: 1, step: 0 });
    expect(existsSync(join(out, "run.lock"))).toBe(false);
    expect(existsSync(join(out, "checkpoints", "latest"))).toBe(false);

    mkdirSync(join(dir, "data"));
    dspritesNpz(join(dir, "data", "five.npz"), 8);
    const file = out.replace(/\.run$/, "");
    const again = disc("train", file, "--out", out, "--resume", "--quiet", "--no-eval");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/no checkpoint yet .*starting from step 0/);
  }, 120_000);

  it("a folder where a file is meant, or a file that is no archive, gets a hint", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-data-"));
    mkdirSync(join(dir, "folder"));
    writeFileSync(join(dir, "empty.npz"), "");
    failsWithHint(
      dir,
      'dsprites(batch: 4, path: "folder")',
      /EISDIR/,
      /names a folder; give the \.npz file inside it/,
    );
    failsWithHint(
      dir,
      'dsprites(batch: 4, path: "empty.npz")',
      /not a zip file/,
      /must name a \.npz file/,
    );
  }, 120_000);

  it("an IDX folder that is missing or incomplete gets a hint that fits the path given", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-data-"));
    mkdirSync(join(dir, "empty"));
    const { line } = failsWithHint(
      dir,
      'fashion_mnist(batch: 4, path: "nowhere")',
      /fashion_mnist: folder '.*nowhere' not found/,
      /check the data set's `path:`/,
    );
    expect(line).toMatch(/or leave `path:` out to read Debian's package 'dataset-fashion-mnist'$/);
    failsWithHint(
      dir,
      'mnist(batch: 4, path: "nowhere")',
      /mnist: folder '.*nowhere' not found/,
      /check the data set's `path:`/,
    );
    failsWithHint(
      dir,
      'fashion_mnist(batch: 4, path: "empty")',
      /missing train-images-idx3-ubyte/,
      /four IDX files/,
    );
  }, 120_000);
});
