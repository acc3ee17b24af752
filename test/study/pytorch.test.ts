/**
 * `disc study --target pytorch`: every run is the spec compiled for PyTorch with its own params
 * and seed (runs/<run>/program/), trained by Debian's python3-torch; the study finishes,
 * aggregates the runs' final loss terms, and a rerun skips them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { disc } from "../cli/run-disc.js";
import { torchStatus } from "../pytorch/torch-env.js";

const torch = torchStatus();

const SPEC = `model tiny {
  param beta = 1.0
  data dsprites(batch: 8, size: 32)
  latent z ~ normal(2)
  encoder mlp(hidden: [16]): x -> z
  decoder mlp(hidden: [16]): z -> x ~ bernoulli
  loss = recon(x) + beta * kl(z)
  train {
    optimizer: adam(lr: 1e-3)
    steps: 20
    seed: 0
    log_every: 5
    checkpoint_every: 10
  }
  study {
    seeds: [0, 1]
    grid { beta: [1, 4] }
  }
}
`;

describe.skipIf(!torch.ok && process.env.CI !== "true")("disc study --target pytorch", () => {
  it("trains every run's PyTorch program and aggregates them", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-study-torch-"));
    const file = join(dir, "tiny.dis");
    writeFileSync(file, SPEC);
    const out = join(dir, "study");
    const r = disc("study", file, "-o", out, "--target", "pytorch", "--jobs", "2");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/4 of 4 runs finished/);
    const program = readFileSync(join(out, "runs", "003-beta=4-s1", "program", "tiny.py"), "utf8");
    expect(program).toMatch(/param beta = 4 +--set/);
    const study = JSON.parse(readFileSync(join(out, "study.json"), "utf8")) as {
      configurations: {
        label: string;
        seedsFinished: number;
        losses: Record<string, { n: number; median: number }>;
      }[];
    };
    expect(study.configurations.map((c) => [c.label, c.seedsFinished])).toEqual([
      ["beta=1", 2],
      ["beta=4", 2],
    ]);
    for (const c of study.configurations) {
      expect(c.losses.kl_z!.n).toBe(2);
      expect(Number.isFinite(c.losses.recon_x!.median)).toBe(true);
    }
    const again = disc("study", file, "-o", out, "--target", "pytorch");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/4 finished, 0 to resume, 0 to start/);
    // The same runs on the TypeScript target are other programs: refused, not mixed.
    const ts = disc("study", file, "-o", out);
    expect(ts.code).toBe(1);
    expect(ts.stderr).toMatch(/another configuration: target: "pytorch" → \(none\)/);
  }, 900_000);
});
