/**
 * The local executor of a study: at most `jobs` runs at once, each failed run retried once, one
 * line per finished run and a progress line (done / running / failed, ETA). SIGINT or SIGTERM
 * stops launching, forwards the signal to the running trainings (which checkpoint and exit), and
 * resolves once they have all exited.
 */
import type { ChildProcess } from "node:child_process";
import { readMetrics } from "../../runtime/study/aggregate.js";
import { configurationLabel } from "./expand.js";
import {
  markInterrupted,
  signalRun,
  startRun,
  type ExecuteOptions,
  type RunOutcome,
} from "./execute.js";
import type { ResolvedRun } from "./load.js";
import { hasCheckpoint, runDirOf, type RunAction } from "./plan-runs.js";

export interface PoolTask {
  readonly run: ResolvedRun;
  readonly action: RunAction;
}

export interface PoolResult {
  readonly finished: number;
  readonly failed: readonly { run: ResolvedRun; outcome: RunOutcome }[];
  /** The signal that stopped the pool, if any. */
  readonly signal: NodeJS.Signals | null;
}

const minutes = (s: number): string =>
  s < 90
    ? `${Math.round(s)} s`
    : s < 5400
      ? `${Math.round(s / 60)} min`
      : `${(s / 3600).toFixed(1)} h`;

/**
 * Runs `tasks` with at most `jobs` children. `print` gets one line per event; `onRunEnd` is
 * called after every attempt (e.g. to refresh study.json).
 */
export async function runPool(
  tasks: readonly PoolTask[],
  jobs: number,
  opts: ExecuteOptions,
  print: (line: string) => void,
  onRunEnd: () => Promise<void>,
): Promise<PoolResult> {
  const queue = tasks.map((t) => ({ ...t, tries: 0 }));
  // null while a run's program is being prepared (compiled), before its process exists
  const running = new Map<number, ChildProcess | null>();
  const failed: { run: ResolvedRun; outcome: RunOutcome }[] = [];
  const durations: number[] = [];
  let finished = 0;
  let signal: NodeJS.Signals | null = null;
  const total = tasks.length;

  const onSignal = (s: NodeJS.Signals): void => {
    if (signal) return;
    signal = s;
    print(`${s}: stopping ${running.size} running run(s); they checkpoint and can be resumed`);
    for (const child of running.values()) if (child) signalRun(child, s);
  };
  const sigint = (): void => onSignal("SIGINT");
  const sigterm = (): void => onSignal("SIGTERM");
  process.on("SIGINT", sigint);
  process.on("SIGTERM", sigterm);

  const status = (): string => {
    const mean = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : 0;
    const left = queue.length + running.size;
    const eta =
      mean > 0 ? `, ETA ${minutes((mean * left) / Math.max(1, Math.min(jobs, left)))}` : "";
    return `[${finished}/${total} done, ${running.size} running, ${failed.length} failed${eta}]`;
  };

  const report = async (task: (typeof queue)[number], outcome: RunOutcome): Promise<void> => {
    const name = `run ${task.run.index} (${configurationLabel(task.run.config)}, seed ${task.run.seed})`;
    if (outcome.status === "finished") {
      finished++;
      durations.push(outcome.seconds);
      const metrics = Object.entries(readMetrics(runDirOf(opts.studyDir, task.run.slug)))
        .map(([k, v]) => `${k} ${v.toFixed(4)}`)
        .join(", ");
      print(`${status()} ✓ ${name}: ${metrics || "no metrics"} (${minutes(outcome.seconds)})`);
    } else if (outcome.status === "interrupted") {
      print(`${status()} ■ ${name} interrupted at its last checkpoint`);
    } else if (task.tries < 2 && !signal) {
      print(`${status()} ✗ ${name} failed (exit ${outcome.exitCode}); retrying once`);
      const dir = runDirOf(opts.studyDir, task.run.slug);
      const action: RunAction = hasCheckpoint(dir)
        ? { kind: "resume", why: "retry" }
        : { kind: "start" };
      queue.push({ ...task, action });
    } else {
      failed.push({ run: task.run, outcome });
      print(`${status()} ✗ ${name} failed (exit ${outcome.exitCode}): ${lastLine(outcome.error)}`);
    }
    await onRunEnd();
  };

  await new Promise<void>((resolveAll) => {
    const launch = (): void => {
      while (!signal && running.size < jobs && queue.length > 0) {
        const task = queue.shift()!;
        task.tries++;
        running.set(task.run.index, null);
        void startRun(task.run, task.action, opts)
          .then(({ child, done }) => {
            running.set(task.run.index, child);
            if (signal) signalRun(child, signal);
            return done;
          })
          .catch((err: unknown): RunOutcome => {
            const error = err instanceof Error ? err.message : String(err);
            return { status: "failed", exitCode: null, seconds: 0, error };
          })
          .then(async (outcome) => {
            running.delete(task.run.index);
            if (signal && outcome.status === "failed") {
              // A program that dies of the forwarded signal (Python's KeyboardInterrupt) was
              // interrupted, not broken.
              markInterrupted(opts.studyDir, task.run.index);
              outcome = { ...outcome, status: "interrupted" };
            }
            await report(task, outcome);
            if (running.size === 0 && (queue.length === 0 || signal)) resolveAll();
            else launch();
          });
      }
      if (running.size === 0 && (queue.length === 0 || signal)) resolveAll();
    };
    launch();
  });
  process.off("SIGINT", sigint);
  process.off("SIGTERM", sigterm);
  return { finished, failed, signal };
}

function lastLine(error: string | undefined): string {
  const lines = (error ?? "").split("\n").filter((l) => l.trim() !== "");
  return lines[lines.length - 1] ?? "no output";
}
