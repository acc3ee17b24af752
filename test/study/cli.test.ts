/**
 * `disc study`'s user errors and listings: each mistake is one line and exit 1 (no stack trace,
 * no "internal error"); --list prints the run table; --emit slurm writes the scripts.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { disc } from "../cli/run-disc.js";

const model = (name: string, study: string) => `model ${name} {
  param beta = 1.0
  data dsprites(batch: 8, size: 32)
  latent z ~ normal(2)
  encoder mlp(hidden: [16]): x -> z
  decoder mlp(hidden: [16]): z -> x ~ bernoulli
  loss = recon(x) + beta * kl(z)
  train {
    optimizer: adam(lr: 1e-3)
    steps: 10
    seed: 0
  }
  ${study}
}
`;

const STUDY = "study {\n    seeds: 2\n    grid { beta: [1, 2, 4] }\n  }";

function oneLineError(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe("disc study: listing and user errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "disc-study-cli-"));
  const spec = join(dir, "s.dis");
  writeFileSync(spec, model("m", STUDY));

  it("--list prints index → configuration → seed in expansion order", () => {
    const r = disc("study", spec, "--list");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual([
      "m: 6 runs = 3 configurations × 2 seeds",
      "run  beta  seed  directory",
      "0    1     0     runs/000-beta=1-s0",
      "1    1     1     runs/001-beta=1-s1",
      "2    2     0     runs/002-beta=2-s0",
      "3    2     1     runs/003-beta=2-s1",
      "4    4     0     runs/004-beta=4-s0",
      "5    4     1     runs/005-beta=4-s1",
    ]);
  });

  it("refuses mistakes with one line each", () => {
    const plain = join(dir, "plain.dis");
    writeFileSync(plain, model("p", ""));
    oneLineError(disc("study", plain, "--list"), /declares no study; add `study \{/);
    const two = join(dir, "two.dis");
    writeFileSync(two, model("a", STUDY) + model("b", STUDY));
    oneLineError(
      disc("study", two, "--list"),
      /several models declare a study \(a, b\); pick one with --model/,
    );
    expect(disc("study", two, "--list", "--model", "b").code).toBe(0);
    oneLineError(disc("study", two, "--list", "--model", "c"), /no model `c` with a study/);
    oneLineError(
      disc("study", spec, "-o", join(dir, "x"), "--index", "6"),
      /--index 6 is outside this study's runs 0\.\.5/,
    );
    oneLineError(disc("study", spec, "--list", "--aggregate"), /do not go together/);
    oneLineError(disc("study", spec, "--emit", "pbs"), /--emit expects slurm/);
    oneLineError(disc("study", spec, "--jobs", "0"), /--jobs expects a positive integer/);
    oneLineError(disc("study", spec, "--target", "jax"), /--target expects ts or pytorch/);
    oneLineError(
      disc("study", spec, "--aggregate", "-o", join(dir, "none")),
      /no such study directory/,
    );
    const mine = join(dir, "mine");
    mkdirSync(mine);
    writeFileSync(join(mine, "notes.txt"), "my files");
    oneLineError(disc("study", spec, "-o", mine), /is not empty and holds no disc study/);
    expect(readFileSync(join(mine, "notes.txt"), "utf8")).toBe("my files");
  }, 600_000);

  it("--emit slurm in a file of several models: every task and the aggregation name the model", () => {
    const two = join(dir, "two-slurm.dis");
    writeFileSync(two, model("a", STUDY) + model("b", STUDY));
    const out = join(dir, "cluster-b");
    const r = disc("study", two, "--model", "b", "--emit", "slurm", "-o", out);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ["study.sbatch", "aggregate.sbatch"])
      expect(readFileSync(join(out, "slurm", f), "utf8")).toContain("--model b");
    // what one array task runs: the study's run 0 of model b, listed without DIS3026
    const list = disc("study", two, "--model", "b", "--list");
    expect(list.code, list.stderr).toBe(0);
  });

  it("--emit slurm writes an array of one task per run and an aggregation job", () => {
    const out = join(dir, "cluster");
    const r = disc(
      "study",
      spec,
      "--emit",
      "slurm",
      "-o",
      out,
      "--array-limit",
      "3",
      "--mem",
      "4G",
      "--partition",
      "gpu",
    );
    expect(r.code, r.stderr).toBe(0);
    const array = readFileSync(join(out, "slurm", "study.sbatch"), "utf8");
    expect(array).toContain("#SBATCH --array=0-5%3");
    expect(array).toContain("#SBATCH --mem=4G");
    expect(array).toContain("#SBATCH --partition=gpu");
    expect(array).toMatch(
      /study .*s\.dis --out .*cluster --model [a-z_]+ --index "\$SLURM_ARRAY_TASK_ID"/,
    );
    expect(readFileSync(join(out, "slurm", "aggregate.sbatch"), "utf8")).toMatch(/--aggregate/);
    expect(readFileSync(join(out, "slurm", "submit.sh"), "utf8")).toContain(
      "--dependency=afterany:",
    );
  });
});
