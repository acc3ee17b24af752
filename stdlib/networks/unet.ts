/**
 * `unet`: the conditional denoising U-Net of a diffusion autoencoder (Preechakul et al. 2022,
 * DiffAE): residual blocks with group norm and SiLU, a sinusoidal timestep embedding, and
 * conditioning on the semantic latent z by adaptive group norm GN(h)·(1 + s) + b. Input the
 * noisy image x_t [H, W, C] (with t and z as extra inputs), output ε̂ [H, W, C].
 *
 * Built model: inputs [x_t [B, S, S, C], t [B, 1] (timestep or noise level, a float), z [B, D]]
 * (z only when io.conditionSize > 0), output [B, S, S, C]; S ∈ {32, 64}. The output conv and the
 * last conv of every residual block start at zero, so ε̂ = 0 at initialisation. Throws
 * NetworkArgError for a bad geometry or channels not divisible by `groups`.
 *
 * Source: Preechakul et al. 2022, §3.1 and phizaz/diffae model/blocks.py (apply_conditions).
 */
import * as tf from "@tensorflow/tfjs";
import type { NetworkDef } from "../types.js";
import {
  imageGeometry,
  intArg,
  intListArg,
  NetworkArgError,
  requireIO,
  seededInits,
} from "./common.js";
import { unetLayers } from "./unet-layers.js";

type Sym = tf.SymbolicTensor;
type Init = ReturnType<ReturnType<typeof seededInits>>;

export const unet: NetworkDef = {
  kind: "network",
  name: "unet",
  accepts: "image",
  produces: "image",
  imageSizes: [32, 64],
  signature: {
    params: [
      {
        name: "channels",
        type: { kind: "number", integer: true, min: 8 },
        default: 32,
        doc: "base channel width of the first level",
      },
      {
        name: "multipliers",
        type: { kind: "list", of: { kind: "number", integer: true, min: 1 } },
        default: [1, 2, 2],
        doc: "channel multiplier per resolution level (each level halves H and W)",
      },
      {
        name: "groups",
        type: { kind: "number", integer: true, min: 1 },
        default: 8,
        doc: "groups of the group norm",
      },
      {
        name: "time_dim",
        type: { kind: "number", integer: true, min: 8 },
        default: 128,
        doc: "width of the timestep embedding",
      },
    ],
    doc:
      "Conditional denoising U-Net: x_t [H, W, C], timestep t, latent z [D] → predicted noise ε̂ [H, W, C]; " +
      "residual blocks with GroupNorm + SiLU, AdaGN conditioning on t and z, one residual block per level.",
    source: "Preechakul et al. 2022 (Diffusion Autoencoders) §3.1; Ho et al. 2020 (DDPM) U-Net.",
  },
  build(args, io, seed) {
    requireIO("unet", io);
    const [size, c] = imageGeometry("unet", io.input, "input", [32, 64]);
    const [outSize, outC] = imageGeometry("unet", io.output, "output", [32, 64]);
    if (outSize !== size || outC !== c) {
      throw new NetworkArgError(
        "unet",
        `output [${io.output.join(", ")}] must equal the input [${io.input.join(", ")}]`,
      );
    }
    const channels = intArg("unet", args, "channels", 32);
    const multipliers = intListArg("unet", args, "multipliers", [1, 2, 2]);
    const groups = intArg("unet", args, "groups", 8);
    const timeDim = intArg("unet", args, "time_dim", 128);
    if (multipliers.length === 0)
      throw new NetworkArgError("unet", "argument 'multipliers' needs at least one level");
    if (timeDim % 2 !== 0)
      throw new NetworkArgError("unet", `argument 'time_dim' must be even, got ${timeDim}`);
    if (size % 2 ** (multipliers.length - 1) !== 0) {
      throw new NetworkArgError(
        "unet",
        `${multipliers.length} levels halve ${size} px ${multipliers.length - 1} times: not an integer size`,
      );
    }
    for (const m of multipliers) {
      if ((channels * m) % groups !== 0) {
        throw new NetworkArgError(
          "unet",
          `channels·multiplier = ${channels * m} is not a multiple of groups = ${groups}`,
        );
      }
    }
    const cond = io.conditionSize ?? 0;
    const init = seededInits(seed);
    const { GroupNorm, SinusoidalEmbedding, Upsample2x } = unetLayers();
    const dense = (units: number, x: Sym, act?: "swish"): Sym =>
      tf.layers.dense({ units, activation: act, kernelInitializer: init() }).apply(x) as Sym;
    const swish = (x: Sym): Sym => tf.layers.activation({ activation: "swish" }).apply(x) as Sym;

    const xIn = tf.input({ shape: [size, size, c], name: "x_t" });
    const tIn = tf.input({ shape: [1], name: "t" });
    const zIn = cond > 0 ? tf.input({ shape: [cond], name: "z" }) : undefined;
    // time MLP: sinusoidal(t) → dense → SiLU → dense; the blocks read SiLU(emb) (DiffAE).
    const sin = new SinusoidalEmbedding({ dim: timeDim }).apply(tIn) as Sym;
    const tAct = swish(dense(timeDim, dense(timeDim, sin, "swish")));
    const zAct = zIn ? swish(dense(timeDim, zIn)) : undefined;
    const block = (h: Sym, out: number): Sym => resBlock(h, out, groups, tAct, zAct, init);

    let h = conv(channels, 3, 1, init(), xIn);
    const skips: Sym[] = [];
    multipliers.forEach((m, i) => {
      h = block(h, channels * m);
      skips.push(h);
      if (i < multipliers.length - 1) h = conv(channels * m, 3, 2, init(), h);
    });
    h = block(h, channels * (multipliers[multipliers.length - 1] ?? 1));
    for (let i = multipliers.length - 1; i >= 0; i--) {
      h = tf.layers.concatenate({ axis: -1 }).apply([h, skips[i] as Sym]) as Sym;
      h = block(h, channels * (multipliers[i] ?? 1));
      if (i > 0)
        h = conv(
          channels * (multipliers[i - 1] ?? 1),
          3,
          1,
          init(),
          new Upsample2x({}).apply(h) as Sym,
        );
    }
    h = swish(new GroupNorm({ groups }).apply(h) as Sym);
    const out = conv(c, 3, 1, tf.initializers.zeros(), h);
    return tf.model({ inputs: zIn ? [xIn, tIn, zIn] : [xIn, tIn], outputs: out, name: "unet" });
  },
};

function conv(
  filters: number,
  kernelSize: number,
  strides: number,
  kernelInitializer: Init,
  x: Sym,
): Sym {
  return tf.layers
    .conv2d({ filters, kernelSize, strides, padding: "same", kernelInitializer })
    .apply(x) as Sym;
}

/**
 * Residual block with AdaGN (DiffAE blocks.py): a = conv3(SiLU(GN(h))); a = GN(a)·(1 + t_s) + t_b;
 * a = a·(1 + z_s); out = skip(h) + conv3_zero(SiLU(a)), with (t_s, t_b) = Linear(SiLU(temb)),
 * z_s = Linear(SiLU(zemb)); skip is a 1×1 conv when the channel count changes.
 */
function resBlock(
  h: Sym,
  out: number,
  groups: number,
  tAct: Sym,
  zAct: Sym | undefined,
  init: () => Init,
): Sym {
  const { GroupNorm, AdaptiveModulation } = unetLayers();
  const swish = (x: Sym): Sym => tf.layers.activation({ activation: "swish" }).apply(x) as Sym;
  const linear = (x: Sym): Sym =>
    tf.layers.dense({ units: out, kernelInitializer: init() }).apply(x) as Sym;
  let a = conv(out, 3, 1, init(), swish(new GroupNorm({ groups }).apply(h) as Sym));
  a = new GroupNorm({ groups }).apply(a) as Sym;
  a = new AdaptiveModulation({}).apply([a, linear(tAct), linear(tAct)]) as Sym;
  if (zAct) a = new AdaptiveModulation({}).apply([a, linear(zAct)]) as Sym;
  a = conv(out, 3, 1, tf.initializers.zeros(), swish(a));
  const inCh = h.shape[3];
  const skip = inCh === out ? h : conv(out, 1, 1, init(), h);
  return tf.layers.add().apply([skip, a]) as Sym;
}
