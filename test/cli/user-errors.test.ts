/**
 * Mistakes that used to hang, pass silently or be labelled "internal error … a bug in disc", each
 * now a one-line user error (exit 1) or working: `--out /proc/x`; integer flags that are not
 * decimal digits; a malformed .npz; a data set smaller than a batch (and a warning for one of a
 * few batches); a relative data path, read from the spec's folder and recorded in config.json;
 * `dsprites(factors: [shape, scale])`; a custom penalty copied outside the repository; a prior's
 * bad arguments reaching run time.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeError } from "../../compiler/cli/errors.js";
import { nonNegativeInt, positiveInt } from "../../compiler/cli/files.js";
import { normal } from "../../stdlib/distributions/normal.js";
import { uniform } from "../../stdlib/distributions/uniform.js";
import { dspritesNpz } from "../data/dsprites-fixture.js";
import { disc, discIn, REPO, tinySpec } from "./run-disc.js";

function expectOneLineError(r: ReturnType<typeof disc>, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/internal error|bug in disc|\n\s+at /);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
}

const spec = (data: string, extra = "") => tinySpec({ data, hidden: 8, after: extra });

describe("user errors of disc train", () => {
  it("--out under /proc fails at once instead of hanging", () => {
    const args = ["train", "examples/beta-vae.dis", "--steps", "1", "--out", "/proc/x/run"];
    // Node's recursive mkdir never returned here: a hang is killed after 60 s and fails the test
    const r = spawnSync(process.execPath, [join(REPO, "bin", "disc.js"), ...args], {
      cwd: REPO,
      encoding: "utf8",
      timeout: 60_000,
      killSignal: "SIGKILL",
    });
    expectOneLineError(
      { code: r.status, stdout: r.stdout, stderr: r.stderr },
      /\/proc\/x\/run: cannot write to this directory/,
    );
  });

  it("integer flags take decimal digits only", () => {
    expectOneLineError(
      disc("train", "examples/beta-vae.dis", "--seed", ""),
      /--seed expects a non-negative integer \(decimal digits\), got ``/,
    );
    expectOneLineError(
      disc("train", "examples/beta-vae.dis", "--seed", "0x10"),
      /--seed expects a non-negative integer \(decimal digits\), got `0x10`/,
    );
    for (const bad of ["", " 5", "0x10", "1e3", "5.0", "-0", "0b1", "Infinity"])
      expect(() => positiveInt("--steps", bad), bad).toThrow(/expects a positive integer/);
    for (const bad of ["", "0x10", "1e1", "+3", " 1"])
      expect(() => nonNegativeInt("--seed", bad), bad).toThrow(/non-negative integer/);
    expect(positiveInt("--steps", "300k")).toBe(300_000);
    expect(nonNegativeInt("--seed", "0")).toBe(0);
  });

  it("a malformed .npz and a data set smaller than a batch are one-line errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-npz-"));
    const good = dspritesNpz(join(dir, "five.npz"), 5);
    writeFileSync(join(dir, "cut.npz"), readFileSync(good).subarray(0, 3000));
    writeFileSync(join(dir, "cut.dis"), spec('dsprites(batch: 4, size: 32, path: "cut.npz")'));
    expectOneLineError(
      disc("train", join(dir, "cut.dis"), "--out", join(dir, "r1"), "--no-eval", "--quiet"),
      /cut\.npz/,
    );
    writeFileSync(join(dir, "big.dis"), spec('dsprites(batch: 16, size: 32, path: "five.npz")'));
    expectOneLineError(
      disc("train", join(dir, "big.dis"), "--out", join(dir, "r2"), "--no-eval", "--quiet"),
      /the data set dsprites has 5 examples, fewer than one batch of 16/,
    );
  });

  it("a relative data path is read from the spec's folder and recorded; factors select y", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-rel-"));
    mkdirSync(join(dir, "specs", "data"), { recursive: true });
    dspritesNpz(join(dir, "specs", "data", "five.npz"), 5);
    const file = join(dir, "specs", "rel.dis");
    writeFileSync(file, spec('dsprites(batch: 4, size: 32, path: "data/five.npz")'));
    const r = discIn(dir, "train", "specs/rel.dis", "--out", "run", "--no-eval", "--quiet");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: the data set dsprites has only 5 examples/);
    const config = JSON.parse(readFileSync(join(dir, "run", "config.json"), "utf8")) as {
      data: { path: string };
    };
    expect(config.data.path).toBe(join(dir, "specs", "data", "five.npz"));

    const sub = join(dir, "factors.dis");
    writeFileSync(
      sub,
      spec(
        "dsprites(batch: 8, size: 32, factors: [shape, scale])",
        "  evaluate {\n    metrics: [mig(samples: 64)]\n  }\n",
      ),
    );
    const f = disc("train", sub, "--out", join(dir, "run-factors"), "--quiet");
    expect(f.code, f.stderr).toBe(0);
    const evaluation = readFileSync(join(dir, "run-factors", "evaluation.json"), "utf8");
    expect(Object.keys(JSON.parse(evaluation) as object)).toEqual(["mig"]);
  }, 180_000);

  it("uniform(1, -1) and a shape that is not one are user errors at run time too", () => {
    const caught = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return describeError(e);
      }
      throw new Error("expected a throw");
    };
    const u = caught(() => uniform.sample(2, { low: 1, high: -1, size: 1 }, 0));
    expect(u).toEqual({ line: "uniform: high (-1) must be greater than low (1)", internal: false });
    const n = caught(() => normal.sample(2, { shape: Infinity }, 0));
    expect(n.internal).toBe(false);
    expect(n.line).toMatch(/normal: argument 'shape' must be a positive integer/);
  });

  it("a custom penalty copied outside the repository loads and trains", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-use-"));
    cpSync(join(REPO, "examples", "custom-penalty"), dir, { recursive: true });
    const file = join(dir, "custom-penalty.dis");
    const c = disc("check", file);
    expect(c.code, c.stderr).toBe(0);
    const r = disc("train", file, "--steps", "2", "--out", join(dir, "run"), "--no-eval");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/kl_target_z/);
  }, 120_000);
});
