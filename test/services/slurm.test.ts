// The real SLURM test cluster (scripts/slurm/start.sh): an sbatch job array runs on it, and
// waitForJob reports each task's final state. Runs whenever CI=true; elsewhere it skips, saying
// why, only where SLURM cannot be installed or started (not root).

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  parseJobLines,
  sbatch,
  slurmUnavailableReason,
  startSlurm,
  waitForJob,
  type SlurmCluster,
} from "./slurm.ts";

const inCI = !!process.env.CI && process.env.CI !== "false" && process.env.CI !== "0";
const unavailable = slurmUnavailableReason();
if (unavailable && !inCI) console.warn(`[skip] SLURM tests: ${unavailable}`);

describe("parseJobLines", () => {
  it("reads scontrol's one-line records, array ranges included", () => {
    const text = [
      "JobId=7 ArrayJobId=7 ArrayTaskId=2-3 JobName=a b UserId=root(0) JobState=PENDING Reason=Resources ExitCode=0:0 DerivedExitCode=0:0",
      "JobId=9 ArrayJobId=7 ArrayTaskId=1 JobName=x JobState=FAILED Reason=NonZeroExitCode DerivedExitCode=0:0 ExitCode=3:0",
      "JobId=12 JobName=plain JobState=CANCELLED ExitCode=0:15",
    ].join("\n");
    const r = parseJobLines(text);
    expect(
      r.map((x) => [x.jobId, x.arrayJobId, x.arrayTaskId, x.state, x.exitCode, x.signal]),
    ).toEqual([
      [7, 7, null, "PENDING", 0, 0],
      [9, 7, 1, "FAILED", 3, 0],
      [12, 12, null, "CANCELLED", 0, 15],
    ]);
  });
});

describe.skipIf(unavailable !== null && !inCI)("a real one-node SLURM cluster", () => {
  let slurm: SlurmCluster;
  let work: string;

  beforeAll(async () => {
    slurm = await startSlurm();
    work = mkdtempSync(join(tmpdir(), "disc-slurm-test-"));
  }, 180_000);

  afterAll(async () => {
    await slurm?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("runs a 4-task sbatch array and reports each task's final state", async () => {
    const script = join(work, "array.sh");
    writeFileSync(
      script,
      [
        "#!/bin/bash",
        "#SBATCH --job-name=disc-array-test",
        "#SBATCH --array=0-3",
        `#SBATCH --output=${work}/slurm-%A_%a.out`,
        `#SBATCH --chdir=${work}`,
        'echo "task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_JOB_ID" > "task-$SLURM_ARRAY_TASK_ID.txt"',
        "",
      ].join("\n"),
    );
    const started = Date.now();
    const id = await sbatch(script, slurm.env);
    const tasks = await waitForJob(id, slurm.env, 90_000);
    console.log(`SLURM array job ${id}: 4 tasks finished in ${Date.now() - started} ms`);

    expect(tasks.map((t) => [t.arrayJobId, t.arrayTaskId, t.state, t.exitCode])).toEqual([
      [id, 0, "COMPLETED", 0],
      [id, 1, "COMPLETED", 0],
      [id, 2, "COMPLETED", 0],
      [id, 3, "COMPLETED", 0],
    ]);
    for (let t = 0; t < 4; t++) {
      expect(readFileSync(join(work, `task-${t}.txt`), "utf8")).toBe(`task ${t} of ${id}\n`);
    }
    expect(
      readdirSync(work)
        .filter((f) => f.startsWith(`slurm-${id}_`))
        .sort(),
    ).toEqual([0, 1, 2, 3].map((t) => `slurm-${id}_${t}.out`));
  }, 120_000);

  it("reports a failing job as FAILED with its exit code", async () => {
    const script = join(work, "fail.sh");
    writeFileSync(
      script,
      [
        "#!/bin/bash",
        `#SBATCH --output=${work}/fail-%j.out`,
        "echo failing >&2",
        "exit 3",
        "",
      ].join("\n"),
    );
    const id = await sbatch(script, slurm.env);
    const tasks = await waitForJob(id, slurm.env, 90_000);
    expect(tasks).toEqual([
      { jobId: id, arrayJobId: id, arrayTaskId: null, state: "FAILED", exitCode: 3, signal: 0 },
    ]);
    expect(readFileSync(join(work, `fail-${id}.out`), "utf8")).toBe("failing\n");
  }, 120_000);
});
