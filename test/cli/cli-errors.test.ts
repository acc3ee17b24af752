/**
 * Errors a user meets at the command line: each is one line on stderr and exit code 1, never a
 * stack trace. Runs the real `bin/disc.js` in a child process.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { disc } from "./run-disc.js";

function expectOneLineError(r: ReturnType<typeof disc>, pattern: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
}

describe("disc CLI errors", () => {
  it("unknown flag", () => {
    expectOneLineError(
      disc("compile", "examples/beta-vae.dis", "--frobnicate"),
      /unknown option '--frobnicate'/,
    );
  });

  it("missing file", () => {
    expectOneLineError(disc("check", "no/such/spec.dis"), /no\/such\/spec\.dis: no such file/);
  });

  it("unwritable output directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-ro-"));
    const file = join(dir, "not-a-dir");
    writeFileSync(file, "x");
    expectOneLineError(
      disc("compile", "examples/beta-vae.dis", "-o", join(file, "out")),
      /cannot write to this directory/,
    );
  });

  it("a backend that is not installed says how to install it", () => {
    const out = mkdtempSync(join(tmpdir(), "disc-run-"));
    const r = disc(
      "train",
      "examples/beta-vae.dis",
      "--steps",
      "1",
      "--out",
      out,
      "--backend",
      "tensorflow",
      "--quiet",
    );
    expectOneLineError(r, /npm install .*@tensorflow\/tfjs-node/);
  });

  it("bad flag values", () => {
    expectOneLineError(
      disc("train", "examples/beta-vae.dis", "--steps", "-3"),
      /--steps expects a positive integer/,
    );
    expectOneLineError(
      disc("train", "examples/beta-vae.dis", "--backend", "tpu"),
      /--backend expects one of/,
    );
    expectOneLineError(
      disc("compile", "examples/beta-vae.dis", "--emit", "asm"),
      /--emit expects one of/,
    );
  });

  it("a spec with errors: rendered diagnostics, exit 1, nothing written", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-bad-"));
    const spec = join(dir, "bad.dis");
    writeFileSync(
      spec,
      "model m {\n  data dsprites()\n  latent z ~ normal(10)\n  loss = recon(x) + kl(w)\n}\n",
    );
    mkdirSync(join(dir, "out"));
    chmodSync(join(dir, "out"), 0o755);
    const r = disc("compile", spec, "-o", join(dir, "out"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.dis:4:\d+ - error DIS2007/);
    expect(r.stdout).not.toMatch(/wrote/);
  });

  it("disc check examples/*.dis exits 0", () => {
    const r = disc(
      "check",
      ...[
        "beta-vae",
        "beta-tcvae",
        "factor-vae",
        "dip-vae",
        "annealed-vae",
        "quickstart",
        "infogan-mnist",
        "causal-vae-pendulum",
        "diffusion-ae",
      ].map((e) => `examples/${e}.dis`),
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
