/**
 * `disc study --emit slurm` against a real SLURM (Debian's slurm-wlm + munge on localhost,
 * started by scripts/slurm/start.sh): the generated submit.sh submits a 4-task job array, each
 * task running `disc study SPEC --index $SLURM_ARRAY_TASK_ID`, and an aggregation job after it;
 * the study completes and study.json reports all four runs with their metrics.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disc } from "../cli/run-disc.js";
import {
  slurmUnavailableReason,
  startSlurm,
  waitForJob,
  type SlurmCluster,
} from "../services/slurm.js";

const run = promisify(execFile);

const SPEC = `model tiny {
  param beta = 1.0
  data dsprites(batch: 8, size: 32)
  latent z ~ normal(2)
  encoder mlp(hidden: [16]): x -> z
  decoder mlp(hidden: [16]): z -> x ~ bernoulli
  loss = recon(x) + beta * kl(z)
  train {
    optimizer: adam(lr: 1e-3)
    steps: 30
    seed: 0
  }
  evaluate every 30 {
    metrics: [mig(samples: 200)]
  }
  study {
    seeds: [0, 1]
    grid { beta: [1, 4] }
  }
}
`;

const unavailable = slurmUnavailableReason();
if (unavailable) console.warn(`skipping the SLURM study test: ${unavailable}`);

describe.skipIf(unavailable !== null && process.env.CI !== "true")("disc study on SLURM", () => {
  let slurm: SlurmCluster;
  beforeAll(async () => {
    slurm = await startSlurm();
  }, 180_000);
  afterAll(() => slurm?.stop());

  it("runs a 4-run study as a job array and aggregates it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-slurm-study-"));
    const file = join(dir, "tiny.dis");
    writeFileSync(file, SPEC);
    const out = join(dir, "study");
    const emitted = disc(
      "study",
      file,
      "--emit",
      "slurm",
      "-o",
      out,
      "--cpus-per-task",
      "1",
      "--array-limit",
      "2",
      "--time",
      "00:10:00",
    );
    expect(emitted.code, emitted.stderr).toBe(0);
    const array = readFileSync(join(out, "slurm", "study.sbatch"), "utf8");
    expect(array).toContain("#SBATCH --array=0-3%2");
    expect(array).toContain('--index "$SLURM_ARRAY_TASK_ID"');

    const { stdout } = await run("bash", [join(out, "slurm", "submit.sh")], { env: slurm.env });
    const [, arrayId, aggId] = /submitted run array (\d+) and aggregation (\d+)/.exec(stdout) ?? [];
    expect(arrayId, stdout).toBeDefined();
    const tasks = await waitForJob(Number(arrayId), slurm.env, 900_000);
    expect(tasks.map((t) => [t.arrayTaskId, t.state])).toEqual([
      [0, "COMPLETED"],
      [1, "COMPLETED"],
      [2, "COMPLETED"],
      [3, "COMPLETED"],
    ]);
    const agg = await waitForJob(Number(aggId), slurm.env, 600_000);
    expect(agg.map((t) => t.state)).toEqual(["COMPLETED"]);

    const study = JSON.parse(readFileSync(join(out, "study.json"), "utf8")) as {
      counts: { finished: number };
      runs: { index: number; status: string; metrics: Record<string, number> }[];
    };
    expect(study.counts.finished).toBe(4);
    for (const r of study.runs) expect(r.metrics.mig).toBeTypeOf("number");
    // A resubmitted task finds its run finished and exits 0 without training.
    const again = disc("study", file, "-o", out, "--index", "2");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/finished already/);
  }, 1_200_000);
});
