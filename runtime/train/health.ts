/**
 * A run going wrong, seen as early as possible: a non-finite loss stops it (TrainingDiverged, a
 * user error that names the update and the last good checkpoint), weights that stopped being
 * finite are never checkpointed (so `latest` stays on the last finite state), and an optimizer
 * state that overflowed (Adam's second moments at +Inf: updates of 0, nothing learns) or a loss
 * that explodes get one warning each.
 *
 * Step numbers are metrics.jsonl's: "step N" is the N-th update, the one metrics.jsonl logs as N.
 */
import * as tf from "@tensorflow/tfjs";
import { UserError } from "../errors.js";
import { formatValue } from "./progress.js";

/** A run stopped because its loss or weights stopped being finite. */
export class TrainingDiverged extends UserError {
  constructor(
    /** The update (1-based, metrics.jsonl's step) that went non-finite. */
    readonly step: number,
    /** What went wrong: "the loss is NaN (recon_x = 702.1, kl_z = NaN)". */
    readonly what: string,
    /** The step of the last checkpoint (`latest`), undefined when none is known yet. */
    readonly checkpoint?: number,
  ) {
    super(
      `step ${step}: ${what}; ` +
        (checkpoint === undefined
          ? ""
          : checkpoint > 0
            ? `checkpoints/latest stays on step-${checkpoint}, the last checkpoint with finite weights; `
            : "no checkpoint was written before it; ") +
        "lower the learning rate or a loss weight (or set clip) before resuming",
    );
    this.name = "TrainingDiverged";
  }

  /** The same error, saying which checkpoint the run can resume from. */
  at(checkpoint: number): TrainingDiverged {
    return new TrainingDiverged(this.step, this.what, checkpoint);
  }
}

/** True when every element of every tensor is finite (one read back). */
export function allFinite(tensors: readonly tf.Tensor[]): boolean {
  const floats = tensors.filter((t) => t.dtype === "float32" && t.size > 0);
  if (floats.length === 0) return true;
  return tf.tidy(() => {
    const each = floats.map((t) => tf.all(tf.isFinite(t)).cast("float32"));
    return tf.min(tf.stack(each)).dataSync()[0] === 1;
  });
}

/** The "name = value" list of a step's terms, for messages. */
export function describeValues(values: Readonly<Record<string, number>>): string {
  const parts = Object.entries(values)
    .filter(([k]) => k !== "total")
    .map(([k, v]) => `${k} = ${formatValue(v)}`);
  return parts.length > 0 ? parts.join(", ") : "no terms";
}

/** How far a loss may grow over the first one before it counts as exploding. */
export const EXPLODING_FACTOR = 1e4;

/**
 * Watches a run's loss and optimizer state and warns once per kind of trouble through `warn`.
 * Call `loss` at every logged step and `optimizers` at logged steps and checkpoints.
 */
export class HealthWatch {
  private first: number | undefined;
  private warnedLoss = false;
  private warnedOptimizer = false;

  constructor(private readonly warn: (line: string) => void) {}

  /** Warns (once) when |total| exceeds EXPLODING_FACTOR × max(|first total|, 1). */
  loss(step: number, total: number): void {
    if (!Number.isFinite(total)) return;
    this.first ??= total;
    const limit = EXPLODING_FACTOR * Math.max(Math.abs(this.first), 1);
    if (this.warnedLoss || Math.abs(total) <= limit) return;
    this.warnedLoss = true;
    this.warn(
      `warning: step ${step}: the loss is ${formatValue(total)}, over ${EXPLODING_FACTOR}× the first step's ${formatValue(this.first)}; training is probably diverging (lower the learning rate or set clip)`,
    );
  }

  /** Warns (once) when any slot of the named optimizers is not finite. */
  async optimizers(step: number, named: Readonly<Record<string, tf.Optimizer>>): Promise<void> {
    if (this.warnedOptimizer) return;
    for (const [name, opt] of Object.entries(named)) {
      const weights = await opt.getWeights();
      const ok = allFinite(weights.map((w) => w.tensor));
      for (const w of weights) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
      if (ok) continue;
      this.warnedOptimizer = true;
      this.warn(
        `warning: step ${step}: the ${name} optimizer's state is not finite (Adam's second moments overflow when gradients reach ~1e19); its updates are 0 or NaN from here on — lower a loss weight or the learning rate, or set clip`,
      );
      return;
    }
  }
}
