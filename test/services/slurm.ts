// A real one-node SLURM cluster for tests (Debian's slurm-wlm + munge on localhost), started by
// scripts/slurm/start.sh and stopped by scripts/slurm/stop.sh. No mocks: sbatch, squeue,
// scontrol and scancel talk to a real slurmctld, and jobs run under a real slurmd.
//
//   const slurm = await startSlurm();               // idempotent; shared by parallel test files
//   const id = await sbatch(scriptPath, slurm.env);  // or spawn `sbatch --parsable` yourself
//   const tasks = await waitForJob(id, slurm.env, 60_000);
//   await slurm.stop();                              // stops the daemons once nobody holds them
//
// Accounting (slurmdbd) is not configured, so `sacct` says "accounting storage is disabled".
// Final states come from `scontrol show job` instead (the cluster keeps finished jobs for
// MinJobAge = 1 h), and, once scontrol has forgotten a job, from the job-completion log
// $DISC_SLURM_DIR/jobcomp.txt (JobCompType=jobcomp/filetxt), which has one line per finished job
// or array task with its JobState and ExitCode.

import { execFile } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const START = join(REPO, "scripts/slurm/start.sh");
const STOP = join(REPO, "scripts/slurm/stop.sh");

export interface SlurmCluster {
  /** process.env plus SLURM_CONF (and DISC_SLURM_DIR): pass it to every sbatch/squeue/scontrol/scancel. */
  env: NodeJS.ProcessEnv;
  /** The scratch directory: slurm.conf, logs (slurmctld.log, slurmd.log), jobcomp.txt. */
  dir: string;
  /** Drops this caller's lease; the daemons stop when no other live lease holds them. */
  stop(): Promise<void>;
}

/** One finished job, or one task of an array job. */
export interface SlurmTaskResult {
  /** The task's own job id (each array task gets one). */
  jobId: number;
  /** The array's job id (what sbatch printed); equal to jobId for a plain job. */
  arrayJobId: number;
  /** $SLURM_ARRAY_TASK_ID, or null for a plain job. */
  arrayTaskId: number | null;
  /** COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, ... */
  state: string;
  /** The batch script's exit status. */
  exitCode: number;
  /** The signal that ended it, 0 if none. */
  signal: number;
}

const TERMINAL = new Set([
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "TIMEOUT",
  "NODE_FAIL",
  "PREEMPTED",
  "BOOT_FAIL",
  "DEADLINE",
  "OUT_OF_MEMORY",
]);

function onPath(cmd: string): boolean {
  const dirs = (process.env.PATH ?? "").split(delimiter).concat(["/usr/sbin", "/sbin"]);
  return dirs.some((d) => {
    try {
      accessSync(join(d, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Why a SLURM test cluster cannot start here, or null when it can. Tests may skip on this
 * outside CI only (and must print it); in CI they run and fail with it.
 */
export function slurmUnavailableReason(): string | null {
  const missing = ["munged", "slurmctld", "slurmd", "sbatch", "scontrol"].filter((c) => !onPath(c));
  if (missing.length > 0) {
    return (
      `SLURM is not installed (${missing.join(", ")} not found): run scripts/test-deps.sh as root ` +
      `(npm test does), or: sudo apt-get install -y --no-install-recommends slurm-wlm munge`
    );
  }
  if (process.getuid?.() !== 0) {
    return "the SLURM test cluster needs root (slurmd runs jobs as their users; munged's key is munge's)";
  }
  return null;
}

let leaseCounter = 0;

/** Starts (or joins) the one-node test cluster and waits until its node is idle. */
export async function startSlurm(): Promise<SlurmCluster> {
  const reason = slurmUnavailableReason();
  if (reason) throw new Error(`cannot start SLURM: ${reason}`);
  const lease = `vitest-${process.pid}-${++leaseCounter}`;
  let stdout: string;
  try {
    ({ stdout } = await run("bash", [START, "--lease", lease, "--lease-pid", String(process.pid)], {
      timeout: 180_000,
    }));
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`scripts/slurm/start.sh failed: ${err.message}\n${err.stderr ?? ""}`);
  }
  const line = stdout.trim().split("\n").pop() ?? "";
  const m = /^SLURM_CONF=(.+)$/.exec(line);
  if (!m?.[1]) throw new Error(`scripts/slurm/start.sh printed no SLURM_CONF line:\n${stdout}`);
  const conf = m[1];
  const dir = dirname(conf);
  const env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: conf, DISC_SLURM_DIR: dir };
  // Variables of an enclosing job (if the tests themselves run under SLURM) would leak into sbatch.
  for (const k of Object.keys(env)) {
    if (k.startsWith("SLURM_") && k !== "SLURM_CONF") delete env[k];
  }
  let stopped = false;
  return {
    env,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await run("bash", [STOP, "--lease", lease], { timeout: 60_000, env });
    },
  };
}

/** Submits a batch script with `sbatch --parsable` and returns its job id. */
export async function sbatch(
  script: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<number> {
  const { stdout } = await run("sbatch", ["--parsable", ...args, script], { env });
  const id = Number.parseInt(stdout.trim().split(";")[0] ?? "", 10);
  if (!Number.isFinite(id)) throw new Error(`sbatch printed no job id: ${stdout}`);
  return id;
}

/** Expands an ArrayTaskId such as "3", "0-3", "1,4-6" or "0-9%2" into task ids. */
function expandTaskIds(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.replace(/%\d+$/, "").split(",")) {
    const r = /^(\d+)(?:-(\d+))?(?::(\d+))?$/.exec(part);
    if (!r) continue;
    const a = Number(r[1]);
    const b = r[2] === undefined ? a : Number(r[2]);
    const step = r[3] === undefined ? 1 : Number(r[3]);
    for (let i = a; i <= b; i += step) out.push(i);
  }
  return out;
}

interface JobRecord extends SlurmTaskResult {
  /** The raw ArrayTaskId: a range while some tasks have not started. */
  taskSpec: string | null;
}

/**
 * Parses `scontrol show job -o` output or jobcomp/filetxt lines (one job per line,
 * space-separated Key=Value pairs).
 */
export function parseJobLines(text: string): JobRecord[] {
  const records: JobRecord[] = [];
  for (const line of text.split("\n")) {
    const field = (key: string): string | undefined =>
      new RegExp(`(?:^|\\s)${key}=(\\S*)`).exec(line)?.[1];
    const jobId = field("JobId");
    const state = field("JobState");
    if (jobId === undefined || state === undefined) continue;
    const arrayJobId = field("ArrayJobId");
    const rawSpec = field("ArrayTaskId");
    // jobcomp/filetxt writes NO_VAL (4294967294) for a plain job's task id
    const taskSpec = rawSpec && rawSpec !== "N/A" && rawSpec !== "4294967294" ? rawSpec : null;
    const [code, sig] = (field("ExitCode") ?? "0:0").split(":");
    records.push({
      jobId: Number(jobId),
      arrayJobId: arrayJobId && arrayJobId !== "0" ? Number(arrayJobId) : Number(jobId),
      arrayTaskId: taskSpec && /^\d+$/.test(taskSpec) ? Number(taskSpec) : null,
      taskSpec,
      state: state.replace(/\+$/, ""),
      exitCode: Number(code ?? 0),
      signal: Number(sig ?? 0),
    });
  }
  return records;
}

/** The job's tasks once all of them have finished, or null while some are pending or running. */
function finished(records: JobRecord[]): SlurmTaskResult[] | null {
  if (records.length === 0) return null;
  const tasks: SlurmTaskResult[] = [];
  for (const r of records) {
    if (!TERMINAL.has(r.state)) return null;
    const { taskSpec, ...result } = r;
    if (taskSpec !== null && r.arrayTaskId === null) {
      // a range of tasks that never started (e.g. cancelled while pending): one entry each
      for (const t of expandTaskIds(taskSpec)) tasks.push({ ...result, arrayTaskId: t });
    } else {
      tasks.push(result);
    }
  }
  return tasks.sort((a, b) => (a.arrayTaskId ?? -1) - (b.arrayTaskId ?? -1));
}

function jobcompRecords(env: NodeJS.ProcessEnv, jobId: number): JobRecord[] {
  const dir = env.DISC_SLURM_DIR;
  const file = dir ? join(dir, "jobcomp.txt") : "";
  if (!file || !existsSync(file)) return [];
  return parseJobLines(readFileSync(file, "utf8")).filter(
    (r) => r.arrayJobId === jobId || r.jobId === jobId,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until job `jobId` (a plain job or a whole array) has left the queue and returns the
 * final state of each task, sorted by array task id. Throws after `timeoutMs` with what
 * scontrol last said and the tail of slurmctld's log.
 */
export async function waitForJob(
  jobId: number | string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<SlurmTaskResult[]> {
  const id = typeof jobId === "number" ? jobId : Number.parseInt(jobId, 10);
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    let records: JobRecord[];
    try {
      const { stdout } = await run("scontrol", ["show", "job", "-o", String(id)], { env });
      last = stdout;
      records = parseJobLines(stdout);
    } catch (e) {
      // "Invalid job id specified": purged after MinJobAge; the completion log still has it
      last = String((e as { stderr?: string }).stderr ?? e);
      records = jobcompRecords(env, id);
    }
    const done = finished(records);
    if (done) return done;
    if (Date.now() > deadline) {
      let log = "";
      const dir = env.DISC_SLURM_DIR;
      if (dir && existsSync(join(dir, "slurmctld.log"))) {
        log = readFileSync(join(dir, "slurmctld.log"), "utf8")
          .trim()
          .split("\n")
          .slice(-15)
          .join("\n");
      }
      throw new Error(
        `SLURM job ${id} not finished after ${timeoutMs} ms.\nscontrol show job:\n${last}\n` +
          `slurmctld.log (tail):\n${log}`,
      );
    }
    await sleep(250);
  }
}
