/**
 * Gradient routing of the MI term: parameters outside the declared sets get exactly zero gradient
 * from −λ·L_I, for the paper's routing (G + Q head) and the official code's (G + Q head + D trunk).
 * The networks are small stdlib mlps (their `trunk` layer is what the Q head reads), wired as the
 * generated GAN trainer wires them: G(n ‖ c) → D trunk → Q head, through runtime `trunkModel`.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mlp } from "../../stdlib/networks/mlp.js";
import { categorical } from "../../stdlib/distributions/categorical.js";
import { info } from "../../stdlib/penalties/info.js";
import { ganParameterSets, ganRouting, type GanParamSet } from "../../runtime/train/gan-routing.js";
import { trunkModel } from "../../runtime/nn/trunk.js";

const B = 16;
let nets: { generator: tf.LayersModel; discriminator: tf.LayersModel; q: tf.LayersModel };

beforeAll(async () => {
  await tf.setBackend("cpu");
  nets = {
    generator: mlp.build({ hidden: [12] }, { input: [14], output: [4, 4, 1] }, 1),
    discriminator: mlp.build({ hidden: [10, 8] }, { input: [4, 4, 1], output: [1] }, 2),
    q: mlp.build({ hidden: [6] }, { input: [8], output: [10] }, 3),
  };
});
afterAll(() => Object.values(nets).forEach((n) => n.dispose()));

/** The MI term −L_I(c) as the generated trainer computes it on one batch of fakes. */
function negMi(dTrunk: tf.LayersModel): tf.Scalar {
  const noise = tf.randomUniform([B, 4], -1, 1, "float32", 5);
  const c = categorical.sample(B, { k: 10 }, 6);
  const fake = tf.sigmoid(
    nets.generator.apply(tf.concat([noise, c], 1), { training: true }) as tf.Tensor,
  );
  const [h] = dTrunk.apply(fake, { training: true }) as tf.Tensor[];
  const q = nets.q.apply(h!, { training: true }) as tf.Tensor2D;
  const ctx = {
    x: fake as tf.Tensor4D,
    latents: { c: { sample: c } },
    outputs: { c: q },
    likelihoods: {},
    step: 0,
    batchSize: B,
    datasetSize: 1,
    extra: {},
    priors: { c: { distribution: "categorical", args: { k: 10 } } },
  };
  return tf.neg(info.compute(ctx, { code: "c", routing: "paper", std: "fixed" }));
}

describe("ganParameterSets", () => {
  it("splits D into its trunk (everything feeding `trunk`) and its head (the logit layer)", () => {
    const sets = ganParameterSets({
      generator: nets.generator,
      discriminator: nets.discriminator,
      heads: [nets.q],
    });
    expect(sets.discriminator_trunk.map((v) => v.shape)).toEqual([[16, 10], [10], [10, 8], [8]]);
    expect(sets.discriminator_head.map((v) => v.shape)).toEqual([[8, 1], [1]]);
    expect(sets.generator.length).toBe(4);
    expect(sets.q_head.length).toBe(4);
  });
});

describe.each(["paper", "official"] as const)("MI gradient routing: %s", (routing) => {
  it("reaches exactly the declared parameter sets; all others get exactly zero", () => {
    const sets = ganParameterSets({
      generator: nets.generator,
      discriminator: nets.discriminator,
      heads: [nets.q],
    });
    const r = ganRouting(sets, routing);
    const dTrunk = trunkModel(nets.discriminator);
    // Σ over the steps whose loss carries the MI term of its gradient w.r.t. that step's variables
    const total = new Map<string, number>();
    for (const v of Object.values(sets).flat()) total.set(v.name, 0);
    for (const step of [r.discriminator, r.generator]) {
      if (!step.info) continue;
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => negMi(dTrunk), step.variables);
        for (const v of step.variables) {
          const g = grads[v.name];
          total.set(v.name, total.get(v.name)! + (g ? tf.sum(tf.abs(g)).dataSync()[0]! : 0));
        }
      });
    }
    const declared: GanParamSet[] =
      routing === "paper"
        ? ["generator", "q_head"]
        : ["generator", "q_head", "discriminator_trunk"];
    expect([...r.infoUpdates].sort()).toEqual([...declared].sort());
    for (const [set, vars] of Object.entries(sets) as [GanParamSet, tf.Variable[]][]) {
      const mass = vars.reduce((a, v) => a + total.get(v.name)!, 0);
      if (declared.includes(set)) expect(mass, set).toBeGreaterThan(0);
      else expect(mass, set).toBe(0);
    }
    // the steps' variable lists: D's head is never in a step that carries the MI term
    expect(r.discriminator.info).toBe(routing === "official");
    expect(r.generator.variables.length).toBe(routing === "paper" ? 8 : 4);
  });
});
