/** A tiny procedural data set and a tiny MLP VAE built from real stdlib penalties, for the loop tests. */
import * as tf from "@tensorflow/tfjs";
import type { Dataset } from "../../runtime/data/types.js";
import { splitGaussian, reparameterize, withGaussianHead } from "../../runtime/nn/index.js";
import type { TrainerSpec } from "../../runtime/train/index.js";
import { bernoulli } from "../../stdlib/likelihoods/bernoulli.js";
import { conv64, deconv64, mlp } from "../../stdlib/networks/index.js";
import { kl } from "../../stdlib/penalties/kl.js";
import { recon } from "../../stdlib/penalties/recon.js";
import type { TermContext, TermState } from "../../stdlib/types.js";

/** n images S×S×1: a 4×4 bright square at factor position (px, py), px, py in [0, S-4). */
export function fakeDataset(n = 128, size = 12): Dataset {
  const span = size - 4;
  const pos = (i: number) => [i % span, Math.floor(i / span) % span] as const;
  return {
    name: "squares",
    size: n,
    imageShape: [size, size, 1],
    factorNames: ["px", "py"],
    factorSizes: [span, span],
    images(indices) {
      const out = new Float32Array(indices.length * size * size);
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k]!;
        if (i < 0 || i >= n) throw new RangeError(`index ${i}`);
        const [px, py] = pos(i);
        for (let y = py; y < py + 4; y++)
          for (let x = px; x < px + 4; x++) out[k * size * size + y * size + x] = 1;
      }
      return out;
    },
    factors(indices) {
      const out = new Int32Array(indices.length * 2);
      for (let k = 0; k < indices.length; k++) out.set(pos(indices[k]!), 2 * k);
      return out;
    },
  };
}

export interface VaeOptions {
  seed?: number;
  size?: number;
  latent?: number;
  hidden?: number;
  batchSize?: number;
  steps?: number;
  checkpointEvery?: number;
  logEvery?: number;
  clipNorm?: number;
  conv?: boolean;
  lr?: number;
  termStates?: Record<string, TermState>;
}

/** A β-VAE (β = 1) spec: recon(x) [Bernoulli, sum] + kl(z), both the stdlib's own penalties. */
export function vaeSpec(o: VaeOptions = {}): TrainerSpec {
  const seed = o.seed ?? 1;
  const size = o.size ?? 12;
  const d = o.latent ?? 3;
  const encoder = withGaussianHead(
    o.conv
      ? conv64.build(
          { channels: [8, 8, 8, 8], hidden: 16 },
          { input: [size, size, 1], output: [2 * d] },
          seed,
        )
      : mlp.build({ hidden: [o.hidden ?? 32] }, { input: [size, size, 1], output: [2 * d] }, seed),
  );
  const decoder = o.conv
    ? deconv64.build(
        { hidden: 16, channels: [8, 8, 8] },
        { input: [d], output: [size, size, 1] },
        seed + 1,
      )
    : mlp.build({ hidden: [o.hidden ?? 32] }, { input: [d], output: [size, size, 1] }, seed + 1);
  const batchSize = o.batchSize ?? 16;
  const dataset = fakeDataset(128, size);
  return {
    name: "tiny_vae",
    config: { model: "tiny_vae", seed, size, latent: d },
    seed,
    steps: o.steps ?? 10,
    logEvery: o.logEvery ?? 1,
    checkpointEvery: o.checkpointEvery ?? 5,
    clipNorm: o.clipNorm ?? 0,
    networks: { encoder, decoder },
    optimizer: tf.train.adam(o.lr ?? 1e-2),
    ...(o.termStates ? { termStates: o.termStates } : {}),
    data: { dataset, batchSize },
    loss(batch, step, rng) {
      const { mu, logvar } = splitGaussian(encoder.apply(batch.x) as tf.Tensor2D);
      const eps = tf.randomNormal([batchSize, d], 0, 1, "float32", rng.seed()) as tf.Tensor2D;
      const z = reparameterize(mu, logvar, eps);
      const logits = decoder.apply(z) as tf.Tensor4D;
      const context: TermContext = {
        x: batch.x,
        latents: { z: { mu, logvar, sample: z } },
        outputs: { x: logits },
        likelihoods: { x: { def: bernoulli, args: {} } },
        step,
        batchSize,
        datasetSize: dataset.size,
        extra: {},
      };
      const terms = {
        recon: recon.compute(context, { target: "x", reduction: "sum" }),
        kl: kl.compute(context, { latent: "z" }),
      };
      return { terms, total: tf.add(terms.recon, terms.kl) as tf.Scalar, context };
    },
  };
}

/** Every weight of every network, as plain arrays (bitwise comparable with toEqual). */
export function weightsOf(spec: TrainerSpec): number[][] {
  return Object.values(spec.networks).flatMap((n) =>
    n.getWeights().map((w) => Array.from(w.dataSync())),
  );
}

/** Disposes a spec's networks and optimizer. */
export function disposeSpec(spec: TrainerSpec): void {
  for (const n of Object.values(spec.networks)) n.dispose();
  spec.optimizer.dispose();
  for (const t of Object.values(spec.termStates ?? {})) t.dispose();
}
