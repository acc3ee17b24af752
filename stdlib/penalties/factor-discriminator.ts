/**
 * FactorVAE's density-ratio discriminator (Kim & Mnih 2018, §3; disentanglement_lib
 * architectures.py::fc_discriminator): an MLP [D] → 6 × Dense(1000, leaky ReLU 0.2) → 2 logits,
 * logits[:,0] = "from q(z)", logits[:,1] = "from Π_j q(z_j)" (permuted). It owns its variables
 * and optimizer; the main optimizer never updates them.
 */
import * as tf from "@tensorflow/tfjs";
import type { TermState } from "../types.js";

/** A mulberry32 generator whose whole state (one uint32) can be read and set, for checkpoints. */
export interface Mulberry32 {
  /** The next float in [0, 1). */
  next(): number;
  /** The generator's state: the uint32 it continues from. */
  state(): number;
  /** Continues from a state returned by state(); throws when it is not a uint32. */
  restore(state: unknown): void;
}

/** A deterministic 32-bit PRNG (mulberry32) with a saveable state. */
export function mulberry32State(seed: number): Mulberry32 {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => a,
    restore(state) {
      if (typeof state !== "number" || !Number.isInteger(state) || state < 0 || state > 0xffffffff)
        throw new Error(`mulberry32: bad saved state ${JSON.stringify(state)}`);
      a = state;
    },
  };
}

/** A deterministic 32-bit PRNG (mulberry32); returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  const g = mulberry32State(seed);
  return () => g.next();
}

/**
 * permute_dims: each latent column shuffled independently across the batch,
 * z_perm[:, j] = z[π_j, j]. z [B, D] → [B, D]. No gradient flows (z is treated as data).
 */
export function permuteDims(z: tf.Tensor2D, rand: () => number): tf.Tensor2D {
  const [B, D] = z.shape;
  const src = z.dataSync();
  const out = new Float32Array(B * D);
  const perm = new Int32Array(B);
  for (let j = 0; j < D; j++) {
    for (let i = 0; i < B; i++) perm[i] = i;
    for (let i = B - 1; i > 0; i--) {
      const k = Math.floor(rand() * (i + 1));
      const t = perm[i]!;
      perm[i] = perm[k]!;
      perm[k] = t;
    }
    for (let i = 0; i < B; i++) out[i * D + j] = src[perm[i]! * D + j]!;
  }
  return tf.tensor2d(out, [B, D]);
}

/** Counts instances so variable names stay unique (tfjs refuses duplicate variable names). */
let instances = 0;

export interface Discriminator {
  readonly variables: tf.Variable[];
  /** logits [B, 2] for z [B, D]. */
  logits(z: tf.Tensor2D): tf.Tensor2D;
}

/** Builds the MLP with Glorot-uniform weights from `seed`. layers × units hidden (default 6 × 1000). */
export function buildDiscriminator(
  inputSize: number,
  seed: number,
  layers = 6,
  units = 1000,
): Discriminator {
  const sizes = [inputSize, ...Array.from({ length: layers }, () => units), 2];
  const variables: tf.Variable[] = [];
  const tag = `factor_discriminator_${instances++}`;
  for (let k = 0; k + 1 < sizes.length; k++) {
    const fanIn = sizes[k]!;
    const fanOut = sizes[k + 1]!;
    const lim = Math.sqrt(6 / (fanIn + fanOut));
    const w = tf.tidy(() => tf.randomUniform([fanIn, fanOut], -lim, lim, "float32", seed + k));
    variables.push(tf.variable(w, true, `${tag}/dense_${k}/kernel`));
    w.dispose();
    const b = tf.zeros([fanOut]);
    variables.push(tf.variable(b, true, `${tag}/dense_${k}/bias`));
    b.dispose();
  }
  return {
    variables,
    logits(z) {
      return tf.tidy(() => {
        let h: tf.Tensor2D = z;
        for (let k = 0; k < variables.length; k += 2) {
          h = tf.add(tf.matMul(h, variables[k] as tf.Tensor2D), variables[k + 1]!) as tf.Tensor2D;
          if (k + 2 < variables.length) h = tf.leakyRelu(h, 0.2);
        }
        return h;
      });
    },
  };
}

/** TC ≈ mean_b(logits[b,0] − logits[b,1]) = E log(D/(1−D)), scalar nats. logits [B, 2]. */
export function densityRatioTc(logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.matMul(logits, tf.tensor2d([[1], [-1]]))) as tf.Scalar);
}

/**
 * Discriminator loss, stable form: −½ mean logSoftmax(l_z)[:,0] − ½ mean logSoftmax(l_perm)[:,1].
 * Source: disentanglement_lib vae.py::FactorVAE (discr_loss, minimised as −discr_loss).
 */
export function discriminatorLoss(logitsZ: tf.Tensor2D, logitsPerm: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const a = tf.mean(tf.slice(tf.logSoftmax(logitsZ), [0, 0], [-1, 1]));
    const b = tf.mean(tf.slice(tf.logSoftmax(logitsPerm), [0, 1], [-1, 1]));
    return tf.neg(tf.add(tf.mul(0.5, a), tf.mul(0.5, b))) as tf.Scalar;
  });
}

export interface DiscriminatorState extends TermState {
  readonly discriminator: Discriminator;
}

/**
 * The term state: the discriminator, its own optimizer and an update() that takes one step on
 * z (as given: the loop passes detached tensors; update also wraps z in no gradient path to the
 * encoder because it only differentiates w.r.t. the discriminator's variables) vs permute_dims(z).
 * The permutations' generator is saved in checkpoints (saveState / restoreState), so a resumed
 * run draws the same permutations as an uninterrupted one.
 */
export function createDiscriminatorState(
  latent: string,
  size: number,
  seed: number,
  optimizer: tf.Optimizer,
  layers = 6,
  units = 1000,
): DiscriminatorState {
  const discriminator = buildDiscriminator(size, seed, layers, units);
  const gen = mulberry32State(seed ^ 0x9e3779b9);
  const rand = () => gen.next();
  return {
    discriminator,
    variables: discriminator.variables,
    optimizer,
    update(ctx) {
      const l = ctx.latents[latent];
      if (l === undefined)
        throw new Error(`total_correlation: no tensors for latent '${latent}' in update()`);
      const z = tf.tidy(() => tf.clone(l.sample));
      const zPerm = permuteDims(z, rand);
      const cost = optimizer.minimize(
        () => discriminatorLoss(discriminator.logits(z), discriminator.logits(zPerm)),
        true,
        discriminator.variables,
      );
      const dLoss = cost === null ? Number.NaN : (cost.dataSync()[0] ?? Number.NaN);
      cost?.dispose();
      z.dispose();
      zPerm.dispose();
      return { d_loss: dLoss };
    },
    saveState: () => ({ permutation: gen.state() }),
    restoreState(state) {
      gen.restore((state as { permutation?: unknown } | null)?.permutation);
    },
    dispose() {
      for (const v of discriminator.variables) v.dispose();
      optimizer.dispose();
    },
  };
}
