/**
 * Alternating updates (a GAN's discriminator step) inside the training loop: running each phase's
 * step, and presenting phase optimizers as term states so checkpoints save and restore them.
 */
import * as tf from "@tensorflow/tfjs";
import type { TermState } from "../../stdlib/types.js";
import type { Batch, Rng } from "../data/types.js";
import type { TrainPhase } from "./loop.js";
import { disposeContext, trainStep } from "./step.js";

/** Runs each phase's step in order (its own loss, variables, optimizer); returns `<phase>.<term>` values. */
export function runPhases(
  phases: readonly TrainPhase[],
  batch: Batch,
  step: number,
  rng: Rng,
  clipNorm: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of phases) {
    const r = trainStep(p.loss, p.optimizer, p.variables, batch, step, rng, clipNorm);
    disposeContext(r.context);
    for (const [k, v] of Object.entries(r.values)) out[`${p.name}.${k}`] = v;
  }
  return out;
}

/** Phase optimizers as variable-less term states, so checkpoints save and restore their slots. */
export function phaseCheckpointStates(phases: readonly TrainPhase[]): Record<string, TermState> {
  const names = new Set<string>();
  const out: Record<string, TermState> = {};
  for (const p of phases) {
    if (
      !p ||
      typeof p.loss !== "function" ||
      !(p.optimizer instanceof tf.Optimizer) ||
      !Array.isArray(p.variables) ||
      p.variables.length === 0
    ) {
      throw new Error(
        `invalid trainer spec: phase '${p?.name}' needs a loss function, a tf.Optimizer and a non-empty variables list`,
      );
    }
    if (names.has(p.name))
      throw new Error(`invalid trainer spec: two phases are named '${p.name}'`);
    names.add(p.name);
    out[`phase.${p.name}`] = {
      variables: [],
      optimizer: p.optimizer,
      update: () => ({}),
      dispose: () => undefined,
    };
  }
  return out;
}
