/**
 * One back end per backbone: everything after `buildNetworks` (loss terms, encode/decode,
 * train) is emitted by the backbone's emitter; the header, hyperparameters, resolvedSpec and
 * the networks are common (emit-program.ts). A backbone without an emitter is reported as DIS4003.
 */
import type { StatementStructures } from "ts-morph";
import type { Backbone, ModelIR } from "../ir/types.js";
import type { TrainingPlan } from "../plan/types.js";
import type { HyperparameterExtras } from "./hyperparameters.js";
import type { ImportMap } from "./imports.js";
import { emitVae } from "./emit-vae.js";
import { emitCausal } from "./emit-causal.js";
import { emitDiffusion } from "./emit-diffusion.js";
import { emitGan } from "./emit-gan.js";

export interface BackboneEmission {
  /** Statements after `buildNetworks`; must define and export `train(options)`. */
  readonly statements: StatementStructures[];
  /** Named objective weights (`hp.weights.<name>`) the statements read. */
  readonly weights: Map<string, number>;
  /** What the back end adds to `hyperparameters` (a GAN's optimizers by target). */
  readonly hyperparameters?: HyperparameterExtras;
}

export type BackboneEmitter = (
  ir: ModelIR,
  plan: TrainingPlan,
  imports: ImportMap,
) => BackboneEmission;

export const BACKBONE_EMITTERS: Partial<Record<Backbone, BackboneEmitter>> = {
  vae: emitVae,
  diffusion: emitDiffusion,
  gan: emitGan,
  causal_vae: emitCausal,
};
