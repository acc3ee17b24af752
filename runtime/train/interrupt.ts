/**
 * Interrupting a training run: SIGINT (Ctrl-C) and SIGTERM (what SLURM and most supervisors send
 * on cancel or time-out) or an AbortSignal ask the loop to stop after the current step. The loop
 * then writes a checkpoint and rejects with `TrainingInterrupted`, so that a generated trainer's
 * `train()` never scores or draws a half-trained model as if it were finished.
 */
import type { RunResult } from "./loop.js";

/** Why a run stopped early: a process signal, or a plain `AbortSignal` abort. */
export type InterruptReason = "SIGINT" | "SIGTERM" | "abort";

/** The exit code of a process stopped by `reason`: 128 + the signal number (130, 143), else 1. */
export function interruptExitCode(reason: InterruptReason): number {
  return reason === "SIGINT" ? 130 : reason === "SIGTERM" ? 143 : 1;
}

/**
 * Thrown by `runTraining` (and so by a generated `train()`) when the run was interrupted. The
 * checkpoint of `result.steps` is written; `--resume` continues from it bit for bit.
 */
export class TrainingInterrupted extends Error {
  constructor(
    /** The run as far as it got: `steps` is the step of the checkpoint just written. */
    readonly result: RunResult,
    readonly reason: InterruptReason,
  ) {
    super(
      `training interrupted (${reason}) at step ${result.steps}; the checkpoint is written, continue with --resume`,
    );
    this.name = "TrainingInterrupted";
  }

  /** 130 for SIGINT, 143 for SIGTERM, 1 for an abort. */
  get exitCode(): number {
    return interruptExitCode(this.reason);
  }
}

/**
 * Whether `error` is a TrainingInterrupted, also when it comes from another copy of this module
 * (a generated trainer may load `disc/runtime` under a different URL than the CLI).
 */
export function isTrainingInterrupted(error: unknown): error is TrainingInterrupted {
  return (
    error instanceof TrainingInterrupted ||
    (error instanceof Error &&
      error.name === "TrainingInterrupted" &&
      typeof (error as Partial<TrainingInterrupted>).result?.steps === "number" &&
      typeof (error as Partial<TrainingInterrupted>).reason === "string")
  );
}

/** The reason carried by an aborted signal: its `reason` when that names SIGINT / SIGTERM. */
export function abortReason(signal: AbortSignal): InterruptReason {
  const r: unknown = signal.reason;
  return r === "SIGINT" || r === "SIGTERM" ? r : "abort";
}

/** What the loop watches: whether a stop was asked for, and why. */
export interface InterruptWatch {
  /** The first reason given, or undefined while nobody asked the run to stop. */
  readonly reason: InterruptReason | undefined;
  /** Removes the listeners (call on every exit path of the loop). */
  dispose(): void;
}

/**
 * Watches `signal` and, when `handleSignals`, the process's SIGINT and SIGTERM. The first
 * request is recorded (and `message` says the step is finishing); a second process signal stops
 * waiting for the checkpoint and re-raises the signal with the default handler (the process ends
 * with the latest *complete* checkpoint, since checkpoint writes are atomic).
 */
export function watchInterrupts(opts: {
  signal?: AbortSignal;
  handleSignals: boolean;
  message: (line: string) => void;
}): InterruptWatch {
  let reason: InterruptReason | undefined;
  const onSignal = (sig: "SIGINT" | "SIGTERM") => {
    if (reason !== undefined) {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      process.kill(process.pid, sig);
      return;
    }
    reason = sig;
    opts.message(
      `${sig === "SIGINT" ? "interrupt" : "terminate"}: finishing this step and writing a checkpoint (${sig === "SIGINT" ? "Ctrl-C" : "the signal"} again to quit now)`,
    );
  };
  const onInt = () => onSignal("SIGINT");
  const onTerm = () => onSignal("SIGTERM");
  const onAbort = () => {
    reason ??= abortReason(opts.signal!);
  };
  if (opts.handleSignals) {
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  }
  opts.signal?.addEventListener("abort", onAbort);
  if (opts.signal?.aborted) onAbort();
  return {
    get reason() {
      return reason;
    },
    dispose() {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      opts.signal?.removeEventListener("abort", onAbort);
    },
  };
}
