/**
 * What `disc study` does with each run, from the study's state files and the run directories:
 * skip a finished run, resume an interrupted one, retry a failed one, start a missing one, and
 * refuse to reuse a directory whose run was trained with a different configuration.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { readRunState, type RunState } from "../../runtime/study/state.js";
import { configurationDiff, onlyFormatChanges } from "./fingerprint.js";
import type { ResolvedRun } from "./load.js";

export type RunAction =
  /** Finished with this configuration: nothing to do. */
  | { readonly kind: "skip" }
  /** Train from step 0 (no usable checkpoint). */
  | { readonly kind: "start" }
  /** Continue from the run directory's checkpoint (interrupted, failed, or --steps raised). */
  | { readonly kind: "resume"; readonly why: string }
  /** Trained with another configuration (`changes`) or being trained now (`busy`). */
  | { readonly kind: "refuse"; readonly why: string };

/** The run directory of a run inside the study directory. */
export const runDirOf = (studyDir: string, slug: string): string => join(studyDir, "runs", slug);

/**
 * True when the run directory holds a checkpoint to resume from (`checkpoints/latest`, or a
 * `step-N` folder that `disc train --resume` repairs `latest` from).
 */
export function hasCheckpoint(runDir: string): boolean {
  const dir = join(runDir, "checkpoints");
  if (existsSync(join(dir, "latest"))) return true;
  return existsSync(dir) && readdirSync(dir).some((f) => /^step-\d+$/.test(f));
}

/** Decides one run's action; `state` is its state file (undefined: none). */
export function planRun(run: ResolvedRun, state: RunState | undefined, runDir: string): RunAction {
  const resumable = hasCheckpoint(runDir);
  if (!state) {
    return resumable
      ? { kind: "resume", why: "checkpoint without a study record" }
      : { kind: "start" };
  }
  if (state.status === "running") {
    return {
      kind: "refuse",
      why: `is being trained right now by pid ${state.pid} on ${state.host} (another disc study?)`,
    };
  }
  if (state.fingerprint !== run.fingerprint) {
    const changes = configurationDiff(state.configuration, run.configuration);
    const stepsOnly = changes.length === 1 && changes[0]!.startsWith("train.steps.value:");
    if (stepsOnly && resumable) return { kind: "resume", why: `steps changed (${changes[0]})` };
    // Another disc version records the same spec with fields added or dropped: same run.
    if (onlyFormatChanges(state.configuration, run.configuration)) {
      const why = `disc's record of the configuration changed format (${changes.join("; ")})`;
      if (state.status === "finished") return { kind: "skip" };
      return resumable ? { kind: "resume", why } : { kind: "start" };
    }
    return {
      kind: "refuse",
      why: `was trained with another configuration: ${changes.join("; ") || "(unreadable record)"}`,
    };
  }
  if (state.status === "finished") return { kind: "skip" };
  if (resumable) return { kind: "resume", why: state.status };
  return { kind: "start" };
}

/** Plans every run of the study. */
export function planRuns(
  studyDir: string,
  runs: readonly ResolvedRun[],
): { run: ResolvedRun; state: RunState | undefined; action: RunAction }[] {
  return runs.map((run) => {
    const state = readRunState(studyDir, run.index);
    return { run, state, action: planRun(run, state, runDirOf(studyDir, run.slug)) };
  });
}
