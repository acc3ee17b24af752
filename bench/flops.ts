/**
 * FLOP counts of one training step of the bench models (bench/run.ts), for the theoretical
 * floor: step FLOPs / the machine's measured matmul rate.
 *
 * Counted: the multiply-adds of every dense / conv / transposed-conv layer, ×2 FLOPs per MAC,
 * ×3 for forward + input gradient + weight gradient (the first layer has no input gradient).
 * Elementwise ops, reductions, the β-TCVAE's [B, B, D] estimator and the Adam update are not
 * counted (they are memory-bound; the floor is a lower bound).
 */

/** One layer as its forward multiply-accumulate count for the whole batch. */
interface Layer {
  macs: number;
}

const conv = (B: number, outHw: number, k: number, cin: number, cout: number): Layer => ({
  macs: B * outHw * outHw * k * k * cin * cout,
});
// A transposed conv does the MACs of the conv whose gradient it is: in pixels · k² · cin · cout.
const deconv = (B: number, inHw: number, k: number, cin: number, cout: number): Layer => ({
  macs: B * inHw * inHw * k * k * cin * cout,
});
const dense = (B: number, i: number, o: number): Layer => ({ macs: B * i * o });

function stepFlops(layers: Layer[]): number {
  const fwd = layers.reduce((s, l) => s + 2 * l.macs, 0);
  const first = layers[0] ? 2 * layers[0].macs : 0;
  return 3 * fwd - first;
}

/** FLOPs of one conv β-VAE step (runtime/backend/probe-models.ts convBetaVae), batch B, D latents, C channels. */
export function convBetaVaeFlops(B = 64, D = 10, C = 1): number {
  return stepFlops([
    conv(B, 32, 4, C, 32),
    conv(B, 16, 4, 32, 32),
    conv(B, 8, 2, 32, 64),
    conv(B, 4, 2, 64, 64),
    dense(B, 1024, 256),
    dense(B, 256, 2 * D),
    dense(B, D, 256),
    dense(B, 256, 1024),
    deconv(B, 4, 4, 64, 64),
    deconv(B, 8, 4, 64, 32),
    deconv(B, 16, 4, 32, 32),
    deconv(B, 32, 4, 32, C),
  ]);
}

/** FLOPs of one MLP VAE step (4096-1200-1200-D, decoder D-1200-1200-1200-4096), batch B. */
export function mlpVaeFlops(B = 64, D = 10): number {
  return stepFlops([
    dense(B, 4096, 1200),
    dense(B, 1200, 1200),
    dense(B, 1200, 2 * D),
    dense(B, D, 1200),
    dense(B, 1200, 1200),
    dense(B, 1200, 1200),
    dense(B, 1200, 4096),
  ]);
}

const macsOf = (layers: Layer[]) => layers.reduce((s, l) => s + l.macs, 0);

/**
 * FLOPs of one InfoGAN bench step (runtime/backend/probe-gan.ts ganStep), batch B: a D update
 * then a G + Q update. Counted per layer as 2 FLOPs per MAC of the forward pass, + 2·MACs for
 * the weight gradient where the step trains that layer, + 2·MACs for the input gradient where
 * the backward pass must go through the layer's input:
 *   D step: G forward only (detached fakes), D (trunk + head) forward on the real and the fake
 *     batch, each with weight gradients for all D layers and input gradients for all but the
 *     first conv (its input is data);
 *   G step: G → trunk → D head and Q head forward; weight gradients of G and Q only (D is not in
 *     the G step's variable list); input gradients of every layer except G's first (its input
 *     is the code z).
 * Batch-norm, activations, losses and the Adam updates are not counted (memory-bound).
 */
export function infoGanStepFlops(B = 64): number {
  const gen = [
    dense(B, 74, 1024),
    dense(B, 1024, 6272),
    deconv(B, 7, 4, 128, 64),
    deconv(B, 14, 4, 64, 1),
  ];
  const trunk = [conv(B, 14, 4, 1, 64), conv(B, 7, 4, 64, 128), dense(B, 6272, 1024)];
  const dHead = [dense(B, 1024, 1)];
  const qHead = [dense(B, 1024, 128), dense(B, 128, 12)];
  const G = macsOf(gen);
  const D = macsOf(trunk) + macsOf(dHead);
  const Q = macsOf(qHead);
  const firstConv = macsOf(trunk.slice(0, 1));
  const dStep = 2 * G + 2 * (3 * 2 * D - 2 * firstConv);
  const gFirst = macsOf(gen.slice(0, 1));
  const gStep = 2 * (G + D + Q) + 2 * (G + Q) + 2 * (G - gFirst + D + Q);
  return dStep + gStep;
}
