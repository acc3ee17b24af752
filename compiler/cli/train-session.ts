/**
 * One `disc train` process's hold on its run directory, from the moment it has the lock until
 * it exits: it owns SIGINT and SIGTERM, keeps run.json's status and step up to date, and releases
 * the lock on every exit path.
 *
 * Signals: while the training loop runs, the first SIGINT / SIGTERM asks the loop to stop after
 * the current step (it checkpoints and rejects with TrainingInterrupted, which runTrain turns into
 * exit 130 / 143). Before the loop starts (loading data), after it ends (pictures, metrics), or on
 * a second signal, nothing is worth waiting for: run.json says "interrupted" at the last complete
 * checkpoint, the lock is released and the process exits at once with 130 / 143.
 */
import type { RunOptions, RunResult } from "../../runtime/index.js";
import { type RunMarker, type RunStatus, writeRunMarker } from "./run-dir.js";
import type { RunLock } from "./run-lock.js";

type Phase = "setup" | "training" | "finishing" | "done";
type Sig = "SIGINT" | "SIGTERM";

const CODES: Record<Sig, number> = { SIGINT: 130, SIGTERM: 143 };

/** The hold of one process on a run directory (see the file comment). */
export class TrainSession {
  private phase: Phase = "setup";
  private requested: Sig | undefined;
  private readonly controller = new AbortController();
  private readonly onInt = () => this.onSignal("SIGINT");
  private readonly onTerm = () => this.onSignal("SIGTERM");

  constructor(
    private readonly outDir: string,
    private marker: RunMarker,
    private readonly lock: RunLock,
    /** The command that continues this run (`disc train SPEC --out DIR --resume …`). */
    private readonly resumeCommand: string,
    private readonly write: (line: string) => void = (l) => void process.stderr.write(`${l}\n`),
  ) {
    process.on("SIGINT", this.onInt);
    process.on("SIGTERM", this.onTerm);
  }

  /** The options that connect the training loop to this session (merge into TrainOptions). */
  runOptions(): Pick<
    RunOptions,
    "signal" | "handleSignals" | "onStart" | "onCheckpoint" | "onTrained"
  > {
    return {
      signal: this.controller.signal,
      handleSignals: false,
      onStart: () => {
        this.phase = "training";
      },
      onCheckpoint: (step) => {
        if (this.phase !== "done")
          this.marker = writeRunMarker(this.outDir, { ...this.marker, step });
      },
      onTrained: (result: RunResult) => {
        this.phase = "finishing";
        this.marker = writeRunMarker(this.outDir, { ...this.marker, step: result.steps });
      },
    };
  }

  /**
   * Ends the session: writes run.json's final status (with `extra`), releases the lock and stops
   * listening for signals. Only the first call counts.
   */
  finish(status: Exclude<RunStatus, "running">, exitCode: number, extra: Partial<RunMarker> = {}) {
    if (this.phase === "done") return;
    this.phase = "done";
    process.off("SIGINT", this.onInt);
    process.off("SIGTERM", this.onTerm);
    try {
      this.marker = writeRunMarker(this.outDir, { ...this.marker, ...extra, status, exitCode });
    } finally {
      this.lock.release();
    }
  }

  /** Ends an interrupted session: final status, the resume hint, the exit code. */
  interrupted(signal: Sig, step: number = this.marker.step): number {
    this.finish("interrupted", CODES[signal], { signal, step });
    this.write(
      `interrupted (${signal}) at step ${step}; the checkpoint is written. Continue with: ${this.resumeCommand}`,
    );
    return CODES[signal];
  }

  private onSignal(sig: Sig): void {
    if (this.phase === "training" && this.requested === undefined) {
      this.requested = sig;
      this.controller.abort(sig);
      this.write(
        `${sig === "SIGINT" ? "interrupt" : "terminate"}: finishing this step and writing a checkpoint (${sig === "SIGINT" ? "Ctrl-C" : "the signal"} again to quit now)`,
      );
      return;
    }
    if (this.phase === "done") return;
    process.exit(this.interrupted(sig));
  }
}
