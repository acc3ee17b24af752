/**
 * `disc train --set NAME=VALUE`: parsed into the `params` of compile(), recorded in run.json, and
 * part of a run's identity (a resume with another value is refused).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import { parseSetFlags } from "../../compiler/cli/set-flag.js";
import { disc } from "./run-disc.js";

const SPEC = `model tiny {
  param beta = 1
  data dsprites(batch: 8, size: 32)
  latent z ~ normal(2)
  encoder mlp(hidden: [16]): x -> z
  decoder mlp(hidden: [16]): z -> x ~ bernoulli
  loss = recon(x) + beta * kl(z)
  train {
    optimizer: adam(lr: 1e-3)
    steps: 2
    seed: 0
  }
}
`;

/** Whether the language part of params (`param`, compile's `params`) is in this tree. */
const paramsWork = async () => {
  const a = await compile(SPEC, "tiny.dis", { params: { beta: 4 } });
  const b = await compile(SPEC, "tiny.dis", { params: { beta: 2 } });
  return a.diagnostics.length === 0 && Object.values(a.files)[0] !== Object.values(b.files)[0];
};

describe("--set NAME=VALUE", () => {
  it("parses numbers and identifiers, and rejects malformed flags", () => {
    expect(parseSetFlags(["beta=4", "lr=5e-4", "est=mss", "w=-0.5", "c=.5"])).toEqual({
      beta: 4,
      lr: 5e-4,
      est: "mss",
      w: -0.5,
      c: 0.5,
    });
    expect(parseSetFlags(undefined)).toEqual({});
    for (const bad of ["beta", "=4", "beta=", "1x=2", "beta=4x", "beta=a-b"])
      expect(() => parseSetFlags([bad]), bad).toThrow(/--set/);
    expect(() => parseSetFlags(["beta=1", "beta=2"])).toThrow(/given twice/);
  });

  it("a malformed --set is one line and exit 1", () => {
    const r = disc("train", "examples/beta-vae.dis", "--set", "beta:4");
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^disc: --set expects NAME=VALUE/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("records the values in run.json and refuses to resume with different ones", async (ctx) => {
    if (!(await paramsWork())) ctx.skip(); // runs once `param` and compile's `params` land
    const dir = mkdtempSync(join(tmpdir(), "disc-set-"));
    const file = join(dir, "tiny.dis");
    writeFileSync(file, SPEC);
    const out = join(dir, "run");
    const first = disc("train", file, "--out", out, "--set", "beta=4", "--quiet", "--no-eval");
    expect(first.code, first.stderr).toBe(0);
    const marker = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { params: unknown };
    expect(marker.params).toEqual({ beta: 4 });

    const other = disc("train", file, "--out", out, "--resume", "--set", "beta=2", "--steps", "4");
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/the configuration changed since this run started/);
    const same = disc("train", file, "--out", out, "--resume", "--set", "beta=4", "--steps", "4");
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).toMatch(/extending .* from 2 to 4 steps/);
  }, 120_000);
});
