/**
 * Everything an emitter would refuse is a checker diagnostic (issue #21): `disc compile` of each
 * bad golden case about a back end's structure exits 1 with its code and never reports an
 * internal compiler error; a file of several models compiles one chosen with `--model` (DIS3026
 * without it, DIS2001 for a name it does not declare), for `disc train` and studies too.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { trainArgs } from "../../compiler/study/execute.js";
import type { ResolvedRun } from "../../compiler/study/load.js";
import { disc, REPO, tinySpec } from "./run-disc.js";

const BAD = join(REPO, "test", "golden", "bad");
const CASES = [
  "semantics/dis3023-two-gan-terms", // the InfoGAN example with `+ gan(hinge)` (issue #21)
  "semantics/dis3027-info-code-not-generated",
  "semantics/dis3028-no-denoise-term",
  "semantics/dis3028-two-denoise-terms",
  "semantics/dis2006-two-denoisers",
  "wiring/dis2016-gan-generator-produces-labels",
  "wiring/dis2016-gan-discriminator-reads-code",
  "wiring/dis2016-gan-head-reads-generator",
  "wiring/dis2016-gan-with-encoder",
  "models/dis3026-two-models",
];

const out = mkdtempSync(join(tmpdir(), "disc-refusals-"));

function refused(r: ReturnType<typeof disc>, code: string): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain(`error ${code}:`);
  expect(r.stderr).not.toMatch(/DIS4001|Internal compiler error|this is a bug/);
  expect(r.stdout).not.toMatch(/wrote /);
}

describe("disc compile refuses with a checker diagnostic, never an internal error", () => {
  for (const c of CASES) {
    it(c, () => {
      const code = /dis(\d{4})-/.exec(c)![1]!;
      refused(disc("compile", join(BAD, c, "input.dis"), "-o", out), `DIS${code}`);
    });
  }
});

describe("a file of several models", () => {
  const two = join(out, "two.dis");
  writeFileSync(
    two,
    tinySpec() + "\n" + tinySpec({ loss: "recon(x) + 4 * kl(z)" }).replace("tiny", "beta"),
  );

  it("disc check checks every model", () => {
    expect(disc("check", two).code).toBe(0);
    const bad = join(out, "two-bad.dis");
    writeFileSync(bad, readFileSync(two, "utf8").replace("4 * kl(z)", "4 * kl(w)"));
    const r = disc("check", bad);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/error DIS2007: `w` is not declared[^]*4 \* kl\(w\)/);
  });

  it("compile and train need --model; --model picks one", () => {
    const none = disc("compile", two, "-o", out);
    refused(none, "DIS3026");
    expect(none.stderr).toContain("`--model tiny` or `--model beta`");
    refused(disc("train", two, "--out", join(out, "run")), "DIS3026");
    const wrong = disc("compile", two, "-o", out, "--model", "bta");
    refused(wrong, "DIS2001");
    expect(wrong.stderr).toContain("did you mean `--model beta`?");
    const r = disc("compile", two, "-o", out, "--model", "beta");
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, "beta.trainer.ts"), "utf8")).toContain("recon_x + 4 * kl_z");
    const ir = disc("compile", two, "--emit", "ir", "--model", "tiny");
    expect(JSON.parse(ir.stdout).name).toBe("tiny");
  });

  it("a study's runs train the study's model", () => {
    const run: ResolvedRun = {
      ...{ index: 0, configIndex: 0, seedIndex: 0, seed: 1, config: {}, slug: "000-s1" },
      ...{ configuration: {}, fingerprint: "" },
    };
    const opts = { studyDir: out, spec: two, model: "beta", threads: 1 };
    const args = trainArgs(run, { kind: "start" }, opts);
    expect(args.slice(args.indexOf("--model"), args.indexOf("--model") + 2)).toEqual([
      "--model",
      "beta",
    ]);
  });
});
