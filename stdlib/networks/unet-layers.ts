/**
 * Custom Keras layers of the `unet` denoiser (tfjs has no GroupNorm): group normalisation,
 * adaptive modulation h·(1 + s) + b, the sinusoidal timestep embedding and a nearest-neighbour
 * ×2 upsampling built from reshape + broadcast (its gradient is a plain sum on every backend).
 * All are registered with tf.serialization.registerClass, so saved denoisers load.
 *
 * Sources: Wu & He 2018 (Group Normalization) eq. 1–3; Preechakul et al. 2022 (DiffAE)
 * model/blocks.py apply_conditions; Ho et al. 2020 / Vaswani et al. 2017 sinusoidal embedding
 * (DiffAE model/nn.py timestep_embedding: [cos, sin] halves, max period 10000).
 */
import * as tf from "@tensorflow/tfjs";

type Shape = (number | null)[];
const single = (s: tf.Shape | tf.Shape[]): Shape =>
  Array.isArray(s[0]) ? (s[0] as Shape) : (s as Shape);
const first = (x: tf.Tensor | tf.Tensor[]): tf.Tensor =>
  Array.isArray(x) ? (x[0] as tf.Tensor) : x;

/** The layer classes of the U-Net, by name. */
export type UnetLayers = ReturnType<typeof defineLayers>;
let layers: UnetLayers | undefined;

/**
 * The four layer classes, defined and registered with tf.serialization on the first call. They
 * extend tfjs's Layer, so defining them as this module loads would load tfjs wherever the registry
 * is read; the compiled CLI defers tfjs until first use (scripts/build.ts), and `disc check`
 * never uses it.
 */
export function unetLayers(): UnetLayers {
  return (layers ??= defineLayers());
}

/** Defines and registers the classes (once, from `unetLayers`). */
function defineLayers() {
  /**
   * GroupNorm over [B, H, W, C]: channels split into `groups` groups, each normalised by its mean
   * and variance over (H, W, C/G), then a learned per-channel affine γ·x̂ + β (γ = 1, β = 0 at init).
   * ε = 1e-5 (PyTorch's default). Throws at build time when C is not a multiple of `groups`.
   */
  class GroupNorm extends tf.layers.Layer {
    static readonly className = "GroupNorm";
    readonly groups: number;
    readonly epsilon: number;
    private gamma?: tf.LayerVariable;
    private beta?: tf.LayerVariable;

    constructor(args: { groups: number; epsilon?: number; name?: string }) {
      super(args);
      this.groups = args.groups;
      this.epsilon = args.epsilon ?? 1e-5;
    }

    override build(inputShape: tf.Shape | tf.Shape[]): void {
      const shape = single(inputShape);
      const c = shape[shape.length - 1];
      if (shape.length !== 4 || c === null || c === undefined || c % this.groups !== 0) {
        throw new Error(
          `GroupNorm: input must be [B, H, W, C] with C a multiple of ${this.groups}, got [${shape.join(", ")}]`,
        );
      }
      this.gamma = this.addWeight("gamma", [c], "float32", tf.initializers.ones());
      this.beta = this.addWeight("beta", [c], "float32", tf.initializers.zeros());
      this.built = true;
    }

    override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
      return tf.tidy(() => {
        const x = first(inputs) as tf.Tensor4D;
        const [b, h, w, c] = x.shape;
        const g = x.reshape([b, h, w, this.groups, c / this.groups]);
        const { mean, variance } = tf.moments(g, [1, 2, 4], true);
        const norm = tf
          .div(tf.sub(g, mean), tf.sqrt(tf.add(variance, this.epsilon)))
          .reshape([b, h, w, c]);
        return tf.add(tf.mul(norm, this.gamma!.read()), this.beta!.read());
      });
    }

    override getConfig(): tf.serialization.ConfigDict {
      return { ...super.getConfig(), groups: this.groups, epsilon: this.epsilon };
    }
  }
  tf.serialization.registerClass(GroupNorm);

  /**
   * Adaptive modulation: inputs [h [B, H, W, C], s [B, C]] or [h, s, b [B, C]] → h·(1 + s) (+ b),
   * s and b broadcast over H and W. Throws when the channel counts differ.
   */
  class AdaptiveModulation extends tf.layers.Layer {
    static readonly className = "AdaptiveModulation";

    override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
      const shapes = inputShape as Shape[];
      const h = shapes[0] as Shape;
      for (const s of shapes.slice(1)) {
        if (s.length !== 2 || s[1] !== h[3]) {
          throw new Error(
            `AdaptiveModulation: scale/shift must be [B, ${h[3]}], got [${s.join(", ")}]`,
          );
        }
      }
      return h;
    }

    override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
      return tf.tidy(() => {
        const [h, s, b] = inputs as tf.Tensor[];
        const c = h!.shape[3]!;
        let out = tf.mul(h!, tf.add(1, s!.reshape([-1, 1, 1, c])));
        if (b) out = tf.add(out, b.reshape([-1, 1, 1, c]));
        return out;
      });
    }
  }
  tf.serialization.registerClass(AdaptiveModulation);

  /**
   * Sinusoidal embedding of a scalar (timestep t or noise level): [B, 1] → [B, dim] =
   * [cos(t·f_i), sin(t·f_i)], f_i = 10000^(−i/half), i < half = dim/2. No weights.
   * Throws at construction when dim is odd.
   */
  class SinusoidalEmbedding extends tf.layers.Layer {
    static readonly className = "SinusoidalEmbedding";
    readonly dim: number;

    constructor(args: { dim: number; name?: string }) {
      super(args);
      if (!Number.isInteger(args.dim) || args.dim < 2 || args.dim % 2 !== 0) {
        throw new Error(`SinusoidalEmbedding: dim must be an even integer ≥ 2, got ${args.dim}`);
      }
      this.dim = args.dim;
    }

    override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
      return [single(inputShape)[0] ?? null, this.dim];
    }

    override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
      return tf.tidy(() => {
        const t = first(inputs).reshape([-1, 1]);
        const half = this.dim / 2;
        const freqs = tf
          .exp(tf.mul(tf.range(0, half, 1, "float32"), -Math.log(10000) / half))
          .reshape([1, half]);
        const args = tf.mul(t, freqs);
        return tf.concat([tf.cos(args), tf.sin(args)], 1);
      });
    }

    override getConfig(): tf.serialization.ConfigDict {
      return { ...super.getConfig(), dim: this.dim };
    }
  }
  tf.serialization.registerClass(SinusoidalEmbedding);

  /** Nearest-neighbour ×2 upsampling [B, H, W, C] → [B, 2H, 2W, C] by reshape and broadcast. No weights. */
  class Upsample2x extends tf.layers.Layer {
    static readonly className = "Upsample2x";

    override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
      const [b, h, w, c] = single(inputShape);
      return [b ?? null, h == null ? null : 2 * h, w == null ? null : 2 * w, c ?? null];
    }

    override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
      return tf.tidy(() => {
        const x = first(inputs) as tf.Tensor4D;
        const [b, h, w, c] = x.shape;
        const spread = tf.mul(x.reshape([b, h, 1, w, 1, c]), tf.ones([1, 1, 2, 1, 2, 1]));
        return spread.reshape([b, 2 * h, 2 * w, c]);
      });
    }
  }
  tf.serialization.registerClass(Upsample2x);
  return { GroupNorm, AdaptiveModulation, SinusoidalEmbedding, Upsample2x };
}
