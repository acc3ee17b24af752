/**
 * Reference training steps used to benchmark and self-check a backend: the disentanglement_lib
 * conv β-VAE (disentanglement_lib's conv_encoder / deconv_decoder, stdlib/networks/conv64.ts)
 * and an MLP VAE (fc_encoder / fc_decoder), written with
 * raw tf ops (no tf.layers) so they exercise exactly the kernels a generated trainer uses:
 * Conv2D, Conv2DBackpropInput/Filter, BatchMatMul (with transposes), Relu, Tanh, Softplus-free
 * sigmoid cross-entropy, Exp, Sum, and the Adam update.
 *
 * Loss per batch (nats): mean_b[ Σ_pixels BCE(logits, x) ] + β · mean_b[ KL(N(mu, e^logvar) ‖ N(0, I)) ]
 * with BCE(l, x) = max(l, 0) − l·x + log(1 + e^{−|l|}) (Bernoulli likelihood on logits) and
 * KL = ½ Σ_d (e^{logvar} + mu² − 1 − logvar)  (Kingma & Welling 2014, appendix B).
 */
import * as tf from "@tensorflow/tfjs";

/** One model instance: its parameters and a step function. */
export interface ProbeModel {
  /** Trainable parameters (tf.Variable), in creation order. */
  readonly params: tf.Variable[];
  /** Loss (nats per example) of a batch x [B, 64, 64, C] (conv) or [B, 4096] (MLP) in [0, 1]; eps [B, D]. */
  loss(x: tf.Tensor, eps: tf.Tensor): tf.Scalar;
  /** Number of scalar parameters. */
  readonly numParams: number;
  /** Frees the parameters. */
  dispose(): void;
}

/** Deterministic Glorot-uniform initialiser (seeded, so cpu and wasm get identical weights). */
function glorot(shape: number[], fanIn: number, fanOut: number, seed: number): tf.Variable {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const init = tf.randomUniform(shape, -limit, limit, "float32", seed);
  const v = tf.variable(init);
  init.dispose();
  return v;
}

function zeros(n: number): tf.Variable {
  const init = tf.zeros([n]);
  const v = tf.variable(init);
  init.dispose();
  return v;
}

function bernoulliKlLoss(
  logits: tf.Tensor,
  x: tf.Tensor,
  mu: tf.Tensor,
  logvar: tf.Tensor,
  beta: number,
): tf.Scalar {
  const B = x.shape[0] ?? 1;
  const x2 = x.reshape(logits.shape);
  const bce = tf
    .relu(logits)
    .sub(logits.mul(x2))
    .add(tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  const recon = bce.sum().div(B);
  const kl = tf.exp(logvar).add(mu.square()).sub(1).sub(logvar).sum().mul(0.5).div(B);
  return recon.add(kl.mul(beta)) as tf.Scalar;
}

/**
 * Conv β-VAE of disentanglement_lib: enc conv 32,32 k4 s2, 64,64 k2 s2 (ReLU), dense 256,
 * heads mu/logvar [B, D]; dec dense 256, 1024, reshape [4,4,64], deconv 64,32,32 k4 s2 (ReLU),
 * deconv C k4 s2 → logits [B, 64, 64, C]. 'same' padding throughout.
 */
export function convBetaVae(
  opts: { latents?: number; channels?: number; beta?: number; seed?: number } = {},
): ProbeModel {
  const D = opts.latents ?? 10;
  const C = opts.channels ?? 1;
  const beta = opts.beta ?? 4;
  let seed = opts.seed ?? 1;
  const convSpec: [number, number, number][] = [
    [C, 32, 4],
    [32, 32, 4],
    [32, 64, 2],
    [64, 64, 2],
  ];
  const enc = convSpec.map(([cin, cout, k]) => ({
    w: glorot([k, k, cin, cout], k * k * cin, k * k * cout, seed++),
    b: zeros(cout),
  }));
  const dense = (i: number, o: number) => ({ w: glorot([i, o], i, o, seed++), b: zeros(o) });
  const fc = dense(1024, 256);
  const muHead = dense(256, D);
  const lvHead = dense(256, D);
  const dec1 = dense(D, 256);
  const dec2 = dense(256, 1024);
  // conv2dTranspose filters are [k, k, outC, inC].
  const deconvSpec: [number, number][] = [
    [64, 64],
    [64, 32],
    [32, 32],
    [32, C],
  ];
  const dec = deconvSpec.map(([cin, cout]) => ({
    w: glorot([4, 4, cout, cin], 16 * cin, 16 * cout, seed++),
    b: zeros(cout),
  }));
  const params = [
    ...enc.flatMap((l) => [l.w, l.b]),
    ...[fc, muHead, lvHead, dec1, dec2].flatMap((l) => [l.w, l.b]),
    ...dec.flatMap((l) => [l.w, l.b]),
  ];
  const loss = (x: tf.Tensor, eps: tf.Tensor): tf.Scalar => {
    const B = x.shape[0] ?? 1;
    let h = x as tf.Tensor4D;
    for (const l of enc)
      h = tf.relu(tf.conv2d(h, l.w as tf.Tensor4D, 2, "same").add(l.b)) as tf.Tensor4D;
    const flat = h.reshape([B, 1024]) as tf.Tensor2D;
    const z0 = tf.relu(tf.matMul(flat, fc.w as tf.Tensor2D).add(fc.b)) as tf.Tensor2D;
    const mu = tf.matMul(z0, muHead.w as tf.Tensor2D).add(muHead.b);
    const logvar = tf.matMul(z0, lvHead.w as tf.Tensor2D).add(lvHead.b);
    const z = mu.add(tf.exp(logvar.mul(0.5)).mul(eps)) as tf.Tensor2D;
    const d1 = tf.relu(tf.matMul(z, dec1.w as tf.Tensor2D).add(dec1.b)) as tf.Tensor2D;
    const d2 = tf.relu(tf.matMul(d1, dec2.w as tf.Tensor2D).add(dec2.b));
    let g = d2.reshape([B, 4, 4, 64]) as tf.Tensor4D;
    dec.forEach((l, i) => {
      const [hh, ww] = [g.shape[1] * 2, g.shape[2] * 2];
      const cout = l.w.shape[2] as number;
      const y = tf
        .conv2dTranspose(g, l.w as tf.Tensor4D, [B, hh, ww, cout], 2, "same")
        .add(l.b) as tf.Tensor4D;
      g = i < dec.length - 1 ? (tf.relu(y) as tf.Tensor4D) : y;
    });
    return bernoulliKlLoss(g, x, mu, logvar, beta);
  };
  return finish(params, loss);
}

/**
 * MLP VAE (the benchmark's yardstick, bench/README.md): enc 4096-1200-1200 ReLU → mu/logvar [B, D]; dec
 * D-1200-1200-1200 tanh → 4096 logits (disentanglement_lib fc_encoder / fc_decoder).
 * With `tcMss: N` (dataset size) it is the β-TCVAE in disentanglement_lib's form (α = γ = 1):
 * recon + analytic KL + (β − 1)·TC, TC by the MSS estimator (`totalCorrelationMss`).
 */
export function mlpVae(
  opts: { latents?: number; beta?: number; seed?: number; tcMss?: number } = {},
): ProbeModel {
  const D = opts.latents ?? 10;
  const beta = opts.beta ?? 1;
  let seed = opts.seed ?? 1;
  const dense = (i: number, o: number) => ({ w: glorot([i, o], i, o, seed++), b: zeros(o) });
  const enc = [dense(4096, 1200), dense(1200, 1200)];
  const muHead = dense(1200, D);
  const lvHead = dense(1200, D);
  const dec = [dense(D, 1200), dense(1200, 1200), dense(1200, 1200), dense(1200, 4096)];
  const all = [...enc, muHead, lvHead, ...dec];
  const params = all.flatMap((l) => [l.w, l.b]);
  const lin = (h: tf.Tensor, l: { w: tf.Variable; b: tf.Variable }) =>
    tf.matMul(h as tf.Tensor2D, l.w as tf.Tensor2D).add(l.b);
  const loss = (x: tf.Tensor, eps: tf.Tensor): tf.Scalar => {
    let h = x.reshape([x.shape[0] ?? 1, 4096]);
    for (const l of enc) h = tf.relu(lin(h, l));
    const mu = lin(h, muHead);
    const logvar = lin(h, lvHead);
    const z = mu.add(tf.exp(logvar.mul(0.5)).mul(eps));
    let g = z;
    dec.forEach((l, i) => {
      g = i < dec.length - 1 ? tf.tanh(lin(g, l)) : lin(g, l);
    });
    if (opts.tcMss === undefined) return bernoulliKlLoss(g, x, mu, logvar, beta);
    const tc = totalCorrelationMss(
      z as tf.Tensor2D,
      mu as tf.Tensor2D,
      logvar as tf.Tensor2D,
      opts.tcMss,
    );
    return bernoulliKlLoss(g, x, mu, logvar, 1).add(tc.mul(beta - 1)) as tf.Scalar;
  };
  return finish(params, loss);
}

/**
 * Log of the intended MSS weight matrix [B, B] (Chen et al. 2018, Appendix C; as
 * stdlib/math/minibatch.ts):
 * W[i,i] = 1/N, W[i,(i+1) mod B] = (N−B+1)/(N(B−1)), all others 1/(B−1); rows sum to 1.
 * Throws for B < 3 or N < B.
 */
export function mssLogWeights(B: number, N: number): tf.Tensor2D {
  if (B < 3 || N < B) throw new Error(`mssLogWeights: need 3 ≤ B ≤ N, got B=${B}, N=${N}`);
  const w = new Float32Array(B * B).fill(Math.log(1 / (B - 1)));
  for (let i = 0; i < B; i++) {
    w[i * B + i] = Math.log(1 / N);
    w[i * B + ((i + 1) % B)] = Math.log((N - B + 1) / (N * (B - 1)));
  }
  return tf.tensor2d(w, [B, B]);
}

/**
 * Total correlation (nats, batch mean) by minibatch stratified sampling (Chen et al. 2018,
 * β-TCVAE, eq. S6): M[i,j,d] = log N(z_i,d; mu_j,d, e^{logvar_j,d}),
 * TC = mean_i( LSE_j(Σ_d M + logW) − Σ_d LSE_j(M + logW) ). z, mu, logvar: [B, D].
 */
export function totalCorrelationMss(
  z: tf.Tensor2D,
  mu: tf.Tensor2D,
  logvar: tf.Tensor2D,
  datasetSize: number,
): tf.Scalar {
  return tf.tidy(() => {
    const B = z.shape[0];
    const logw = mssLogWeights(B, datasetSize);
    const zi = z.expandDims(1);
    const m = mu.expandDims(0);
    const lv = logvar.expandDims(0);
    const M = zi
      .sub(m)
      .square()
      .mul(tf.exp(lv.neg()))
      .add(lv)
      .add(Math.log(2 * Math.PI))
      .mul(-0.5); // [B, B, D]
    const logqz = tf.logSumExp(M.sum(2).add(logw), 1);
    const prod = tf.logSumExp(M.add(logw.expandDims(2)), 1).sum(1);
    return logqz.sub(prod).mean() as tf.Scalar;
  });
}

function finish(params: tf.Variable[], loss: ProbeModel["loss"]): ProbeModel {
  return {
    params,
    loss,
    numParams: params.reduce((n, p) => n + p.size, 0),
    dispose: () => params.forEach((p) => p.dispose()),
  };
}

/**
 * One Adam step on `model` for batch x; returns the loss (nats) before the update.
 * Synchronous: reads the loss back, so timing it measures the whole step.
 */
export function adamStep(
  model: ProbeModel,
  optimizer: tf.Optimizer,
  x: tf.Tensor,
  eps: tf.Tensor,
): number {
  const cost = optimizer.minimize(() => model.loss(x, eps), true, model.params);
  if (cost === null) throw new Error("adamStep: optimizer returned no cost");
  const v = cost.dataSync()[0] ?? Number.NaN;
  cost.dispose();
  return v;
}
