/**
 * Gradient routing of a GAN with a Q head (InfoGAN): the networks' trainable weights split into
 * the parameter sets G, D trunk, D head and Q head, and the variables each of the two alternating
 * steps (discriminator, then generator) may update for an `info` routing. Source: Chen et al. 2016
 * eq. 5 (paper) and openai/InfoGAN infogan_trainer.py (official).
 */
import * as tf from "@tensorflow/tfjs";
import { INFO_ROUTINGS, type GanParamSet, type InfoRouting } from "../../stdlib/penalties/info.js";
import { TRUNK } from "../nn/trunk.js";

export type { GanParamSet, InfoRouting };

/** The trainable variables of each parameter set, deduplicated, in network weight order. */
export type GanParameterSets = Record<GanParamSet, tf.Variable[]>;

function variablesOf(weights: readonly tf.LayerVariable[], who: string): tf.Variable[] {
  const seen = new Map<string, tf.Variable>();
  for (const w of weights) {
    const v = w.read();
    if (!(v instanceof tf.Variable))
      throw new Error(`weight ${w.name} of ${who} is not a variable`);
    if (!seen.has(v.name)) seen.set(v.name, v);
  }
  return [...seen.values()];
}

/**
 * Splits the networks' trainable weights into G, the D trunk (every weight feeding the
 * discriminator's `trunk` layer), the D head (the rest of D: its real/fake logit layer) and the
 * Q heads (the networks reading the trunk). Throws when the discriminator has no `trunk` layer or
 * a Q head shares weights with G or D.
 */
export function ganParameterSets(nets: {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  heads?: readonly tf.LayersModel[];
}): GanParameterSets {
  const d = nets.discriminator;
  const trunkLayer = d.layers.find((l) => l.name === TRUNK);
  if (!trunkLayer)
    throw new Error(
      `discriminator '${d.name}' has no '${TRUNK}' layer, so a Q head cannot share its trunk`,
    );
  const trunkOnly = tf.model({ inputs: d.inputs, outputs: trunkLayer.output as tf.SymbolicTensor });
  const trunk = variablesOf(trunkOnly.trainableWeights, "the discriminator trunk");
  const trunkNames = new Set(trunk.map((v) => v.name));
  const head = variablesOf(d.trainableWeights, "the discriminator").filter(
    (v) => !trunkNames.has(v.name),
  );
  const generator = variablesOf(nets.generator.trainableWeights, "the generator");
  const q = (nets.heads ?? []).flatMap((h) => variablesOf(h.trainableWeights, `head ${h.name}`));
  const taken = new Set([...generator, ...trunk, ...head].map((v) => v.name));
  const shared = q.find((v) => taken.has(v.name));
  if (shared)
    throw new Error(`Q head variable ${shared.name} is also a generator or discriminator weight`);
  return { generator, discriminator_trunk: trunk, discriminator_head: head, q_head: q };
}

/** The variables of each alternating step, and whether the step's loss carries the −λ·L_I terms. */
export interface GanRouting {
  readonly routing: InfoRouting;
  readonly discriminator: {
    readonly variables: tf.Variable[];
    readonly info: boolean;
    readonly sets: readonly GanParamSet[];
  };
  readonly generator: {
    readonly variables: tf.Variable[];
    readonly info: boolean;
    readonly sets: readonly GanParamSet[];
  };
  /** The parameter sets the info terms' gradient reaches (INFO_ROUTINGS[routing].updates). */
  readonly infoUpdates: readonly GanParamSet[];
}

/**
 * The two steps' variable sets for `routing` (INFO_ROUTINGS): the discriminator step always updates
 * the D trunk and D head; paper adds the Q head to the generator step (which carries −λ·L_I), official
 * adds it to the discriminator step (both steps carry −λ·L_I, so the D trunk is also pushed by it).
 * With no info term (`hasInfo` false) the Q head is left out. Throws for an unknown routing.
 */
export function ganRouting(
  sets: GanParameterSets,
  routing: InfoRouting,
  hasInfo = true,
): GanRouting {
  const r = INFO_ROUTINGS[routing];
  if (!r) throw new Error(`unknown info routing '${String(routing)}' (paper or official)`);
  const dSets: GanParamSet[] = ["discriminator_trunk", "discriminator_head"];
  const gSets: GanParamSet[] = ["generator"];
  if (hasInfo && sets.q_head.length > 0) (r.discriminatorStep ? dSets : gSets).push("q_head");
  const vars = (names: readonly GanParamSet[]) => names.flatMap((n) => sets[n]);
  return {
    routing,
    discriminator: { variables: vars(dSets), info: hasInfo && r.discriminatorStep, sets: dSets },
    generator: { variables: vars(gSets), info: hasInfo, sets: gSets },
    infoUpdates: hasInfo ? r.updates : [],
  };
}
