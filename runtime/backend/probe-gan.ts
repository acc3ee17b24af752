/**
 * Reference InfoGAN training step for the bench (bench/run.ts, key `gan`) and the backend
 * self-checks, written with raw tf ops like probe-models.ts: the MNIST networks of InfoGAN
 * (Chen et al. 2016; openai/InfoGAN regularized_gan.py), as in stdlib conv28 / deconv28.
 *
 * G: z [B, 74] → FC 1024, BN, ReLU → FC 7·7·128, BN, ReLU → [B, 7, 7, 128] → deconv 4×4 s2 64,
 *    BN, ReLU → deconv 4×4 s2 1 → sigmoid → [B, 28, 28, 1].
 * D trunk: conv 4×4 s2 64, lrelu(0.01) → conv 4×4 s2 128, BN, lrelu → FC 1024, BN, lrelu [B, 1024].
 * D head: FC 1 (real/fake logit). Q head: FC 128, BN, lrelu → FC 12 (10 categorical logits, 2 means).
 * BN in training mode (batch statistics, biased variance, ε = 1e-5, learnable γ/β; no moving
 * averages). Layers followed by BN have no bias (it would cancel). 'same' padding throughout.
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../data/types.js";
import { trainStep, type StepOptions } from "../train/step.js";

type Var = tf.Variable;
const BN_EPS = 1e-5;
const LEAK = 0.01;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** The InfoGAN probe: parameter sets and the two losses (nats per example, batch mean). */
export interface GanProbe {
  /** Generator parameters. */
  readonly g: Var[];
  /** Discriminator parameters: D trunk + D head (what the D step updates). */
  readonly d: Var[];
  /** Q head parameters (updated by the G step together with G). */
  readonly q: Var[];
  /** Generator output [B, 28, 28, 1] in (0, 1) for z [B, 74]. */
  generate(z: tf.Tensor2D): tf.Tensor4D;
  /** BCE-with-logits(D(real), 1) + BCE(D(fake), 0), each a batch mean. real, fake: [B, 28, 28, 1]. */
  dLoss(real: tf.Tensor4D, fake: tf.Tensor4D): tf.Scalar;
  /** BCE(D(G(z)), 1) − L_I (Chen et al. 2016 eq. 5); cat: [B] int32 code indices, cont [B, 2]. */
  gLoss(z: tf.Tensor2D, cat: tf.Tensor1D, cont: tf.Tensor2D): tf.Scalar;
  readonly numParams: number;
  dispose(): void;
}

/** Seeded Glorot-uniform variable (identical on every backend). */
function glorot(shape: number[], fanIn: number, fanOut: number, seed: number): Var {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.tidy(() => tf.variable(tf.randomUniform(shape, -limit, limit, "float32", seed)));
}
const filled = (n: number, v: number): Var => tf.tidy(() => tf.variable(tf.fill([n], v)));

interface Bn {
  gamma: Var;
  beta: Var;
}
const bn = (n: number): Bn => ({ gamma: filled(n, 1), beta: filled(n, 0) });

/** Training-mode batch norm over all axes but the last (channels). */
function batchNorm(x: tf.Tensor, p: Bn): tf.Tensor {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return x
    .sub(mean)
    .mul(tf.rsqrt(variance.add(BN_EPS)))
    .mul(p.gamma)
    .add(p.beta);
}

/** BCE with logits l [B, 1] against a constant label (1 or 0), batch mean: softplus(∓l). */
function bceConst(l: tf.Tensor, label: 0 | 1): tf.Scalar {
  const s = label === 1 ? l.neg() : l;
  return tf
    .relu(s)
    .add(tf.log1p(tf.exp(tf.neg(tf.abs(s)))))
    .mean() as tf.Scalar;
}

/**
 * Builds the InfoGAN MNIST probe with seeded Glorot-uniform weights (zero biases, BN γ = 1, β = 0).
 * `codes` = noise 62 + categorical 10 + continuous 2 (input width 74).
 */
export function infoGanProbe(opts: { seed?: number } = {}): GanProbe {
  let seed = opts.seed ?? 1;
  const w = (shape: number[], fanIn: number, fanOut: number) =>
    glorot(shape, fanIn, fanOut, seed++);
  const zeros = (n: number) => filled(n, 0);
  // Generator (conv2dTranspose filters are [k, k, outC, inC]).
  const g1 = w([74, 1024], 74, 1024);
  const gBn1 = bn(1024);
  const g2 = w([1024, 6272], 1024, 6272);
  const gBn2 = bn(6272);
  const g3 = w([4, 4, 64, 128], 16 * 128, 16 * 64);
  const gBn3 = bn(64);
  const g4 = w([4, 4, 1, 64], 16 * 64, 16);
  const g4b = zeros(1);
  // Discriminator trunk + head.
  const d1 = w([4, 4, 1, 64], 16, 16 * 64);
  const d1b = zeros(64);
  const d2 = w([4, 4, 64, 128], 16 * 64, 16 * 128);
  const dBn2 = bn(128);
  const d3 = w([6272, 1024], 6272, 1024);
  const dBn3 = bn(1024);
  const dh = w([1024, 1], 1024, 1);
  const dhb = zeros(1);
  // Q head.
  const q1 = w([1024, 128], 1024, 128);
  const qBn1 = bn(128);
  const q2 = w([128, 12], 128, 12);
  const q2b = zeros(12);

  const g = [
    g1,
    gBn1.gamma,
    gBn1.beta,
    g2,
    gBn2.gamma,
    gBn2.beta,
    g3,
    gBn3.gamma,
    gBn3.beta,
    g4,
    g4b,
  ];
  const d = [d1, d1b, d2, dBn2.gamma, dBn2.beta, d3, dBn3.gamma, dBn3.beta, dh, dhb];
  const q = [q1, qBn1.gamma, qBn1.beta, q2, q2b];
  const mm = (a: tf.Tensor, b: Var) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
  const lrelu = (x: tf.Tensor) => tf.leakyRelu(x, LEAK);

  const generate = (z: tf.Tensor2D): tf.Tensor4D => {
    const B = z.shape[0];
    const h1 = tf.relu(batchNorm(mm(z, g1), gBn1));
    const h2 = tf.relu(batchNorm(mm(h1, g2), gBn2)).reshape([B, 7, 7, 128]) as tf.Tensor4D;
    const h3 = tf.conv2dTranspose(h2, g3 as tf.Tensor4D, [B, 14, 14, 64], 2, "same");
    const h3a = tf.relu(batchNorm(h3, gBn3)) as tf.Tensor4D;
    const h4 = tf.conv2dTranspose(h3a, g4 as tf.Tensor4D, [B, 28, 28, 1], 2, "same");
    return tf.sigmoid(h4.add(g4b)) as tf.Tensor4D;
  };
  const trunk = (x: tf.Tensor4D): tf.Tensor2D => {
    const B = x.shape[0];
    const c1 = lrelu(tf.conv2d(x, d1 as tf.Tensor4D, 2, "same").add(d1b)) as tf.Tensor4D;
    const c2 = lrelu(batchNorm(tf.conv2d(c1, d2 as tf.Tensor4D, 2, "same"), dBn2));
    return lrelu(batchNorm(mm(c2.reshape([B, 6272]), d3), dBn3)) as tf.Tensor2D;
  };
  const dHead = (t: tf.Tensor2D) => mm(t, dh).add(dhb);

  return {
    g,
    d,
    q,
    generate,
    dLoss: (real, fake) => bceConst(dHead(trunk(real)), 1).add(bceConst(dHead(trunk(fake)), 0)),
    gLoss: (z, cat, cont) => {
      const t = trunk(generate(z));
      const qOut = mm(lrelu(batchNorm(mm(t, q1), qBn1)), q2).add(q2b);
      const [logits, means] = tf.split(qOut, [10, 2], 1);
      const logp = tf.logSoftmax(logits!).mul(tf.oneHot(cat, 10)).sum(1).mean();
      const gauss = cont.sub(means!).square().mul(-0.5).sub(HALF_LOG_2PI).sum(1).mean();
      return bceConst(dHead(t), 1).sub(logp.add(gauss));
    },
    numParams: [...g, ...d, ...q].reduce((n, p) => n + p.size, 0),
    dispose: () => tf.dispose([...g, ...d, ...q]),
  };
}

/** Fixed inputs of a GAN step, drawn once from `seed` (uniform real batch, generator codes). */
export interface GanInputs {
  /** [B, 28, 28, 1] uniform in [0, 1]. */
  real: tf.Tensor4D;
  /** [B, 74]: 62 uniform(−1, 1) noise ‖ one-hot(cat) ‖ cont. */
  z: tf.Tensor2D;
  /** [B] int32 categorical code in 0..9. */
  cat: tf.Tensor1D;
  /** [B, 2] uniform(−1, 1) continuous codes. */
  cont: tf.Tensor2D;
}

/** Draws GanInputs for batch B (seeded; identical on every backend). Throws for B < 2. */
export function ganInputs(B: number, seed = 11): GanInputs {
  if (!Number.isInteger(B) || B < 2)
    throw new Error(`ganInputs: batch must be an integer ≥ 2, got ${B}`);
  return tf.tidy(() => {
    const cat = tf
      .randomUniform([B], 0, 10, "float32", seed + 1)
      .floor()
      .clipByValue(0, 9)
      .cast("int32");
    const cont = tf.randomUniform([B, 2], -1, 1, "float32", seed + 2) as tf.Tensor2D;
    const noise = tf.randomUniform([B, 62], -1, 1, "float32", seed + 3);
    const z = tf.concat([noise, tf.oneHot(cat as tf.Tensor1D, 10).cast("float32"), cont], 1);
    const real = tf.randomUniform([B, 28, 28, 1], 0, 1, "float32", seed) as tf.Tensor4D;
    return { real, z: z as tf.Tensor2D, cat: cat as tf.Tensor1D, cont };
  });
}

/** Adam optimizers of InfoGAN (Chen et al. 2016; openai/InfoGAN): D lr 2e-4, G (+ Q) lr 1e-3, β1 0.5, β2 0.999, ε 1e-8. */
export function ganOptimizers(): { dOpt: tf.Optimizer; gOpt: tf.Optimizer } {
  return {
    dOpt: tf.train.adam(2e-4, 0.5, 0.999, 1e-8),
    gOpt: tf.train.adam(1e-3, 0.5, 0.999, 1e-8),
  };
}

/**
 * The discriminator update: fakes generated outside the gradient tape (detached), then
 * `trainStep` of dLoss over D's parameters (trunk + head) with `dOpt`. Returns the D loss (nats)
 * before the update. Throws what trainStep throws (non-finite loss, wasm out of memory).
 */
export function ganDStep(
  p: GanProbe,
  dOpt: tf.Optimizer,
  inp: GanInputs,
  step: number,
  rng: Rng,
  stepOpts: StepOptions = {},
): number {
  const fake = tf.tidy(() => p.generate(inp.z));
  try {
    const loss = () => ({ terms: {}, total: p.dLoss(inp.real, fake) });
    return trainStep(loss, dOpt, p.d, { x: inp.real }, step, rng, 0, stepOpts).values["total"]!;
  } finally {
    fake.dispose();
  }
}

/**
 * The generator update: `trainStep` of gLoss over G's and the Q head's parameters only (D's
 * weights are read but not in the variable list, so they get no gradient and stay unchanged).
 * Returns the G loss (nats) before the update. Throws what trainStep throws.
 */
export function ganGStep(
  p: GanProbe,
  gOpt: tf.Optimizer,
  inp: GanInputs,
  step: number,
  rng: Rng,
  stepOpts: StepOptions = {},
): number {
  const loss = () => ({ terms: {}, total: p.gLoss(inp.z, inp.cat, inp.cont) });
  const vars = [...p.g, ...p.q];
  return trainStep(loss, gOpt, vars, { x: inp.real }, step, rng, 0, stepOpts).values["total"]!;
}

/**
 * One bench step: `ganDStep` then `ganGStep` (fused Adam on wasm, as in the real trainer).
 * Returns both losses (nats) before their updates.
 */
export function ganStep(
  p: GanProbe,
  opt: { dOpt: tf.Optimizer; gOpt: tf.Optimizer },
  inp: GanInputs,
  step: number,
  rng: Rng,
  stepOpts: StepOptions = {},
): { dLoss: number; gLoss: number } {
  const dLoss = ganDStep(p, opt.dOpt, inp, step, rng, stepOpts);
  const gLoss = ganGStep(p, opt.gOpt, inp, step, rng, stepOpts);
  return { dLoss, gLoss };
}
