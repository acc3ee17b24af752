/**
 * `CausalScm`: an SCM layer wrapped in a tf.LayersModel (so the training loop trains and
 * checkpoints A and the mask MLPs with the networks), plus the intervention do(z_i = v).
 */
import * as tf from "@tensorflow/tfjs";
import { standardiseLabels } from "../../stdlib/penalties/label-align.js";
import { ScmLayer, type ScmOptions, type ScmPass } from "./scm.js";

export class CausalScm {
  readonly layer: ScmLayer;
  /** ε [B, n·k] → z [B, n·k]; holds every SCM weight (put it in TrainerSpec.networks). */
  readonly model: tf.LayersModel;
  readonly concepts: readonly string[];

  constructor(opts: ScmOptions) {
    this.concepts = [...opts.concepts];
    this.layer = new ScmLayer(opts);
    const input = tf.input({ shape: [this.layer.n * this.layer.k] });
    this.model = tf.model({
      inputs: input,
      outputs: this.layer.apply(input) as tf.SymbolicTensor,
      name: opts.name,
    });
  }

  /** The learned adjacency A [n, n] (diagonal 0); A_ij: concept i → concept j. */
  adjacency(): tf.Tensor2D {
    return this.layer.adjacency();
  }

  /** Causal + mask layer for ε [B, n·k]; see ScmLayer.pass. */
  pass(eps: tf.Tensor2D): ScmPass {
    return this.layer.pass(eps);
  }

  /**
   * û = g^u(Aᵀũ) [B, n] for raw labels u [B, n], ũ the batch z-score of u (the same standardisation
   * as label_align, which compares û with ũ).
   */
  labelRecon(u: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.layer.labelRecon(standardiseLabels(u)));
  }

  /** û_i = g_i(A_{:,i} ∘ ũ) [B, n] for raw labels u [B, n] (ScmLayer.labelScm, form label_scm). */
  labelScm(u: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.layer.labelScm(standardiseLabels(u)));
  }

  /**
   * Inverse of the causal layer followed by the mask layer, for decoding a causal z [B, n·k]:
   * ε = z − Aᵀz (exact), f = g(Aᵀz) + ε.
   */
  maskFromCausal(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const a = this.layer.adjacency();
      return this.layer.mask(z, tf.sub(z, this.layer.parents(z, a)) as tf.Tensor2D, a);
    });
  }

  /** Index of concept `name`; throws with the known names otherwise. */
  conceptIndex(name: string): number {
    const i = this.concepts.indexOf(name);
    if (i < 0) throw new Error(`unknown concept '${name}' (concepts: ${this.concepts.join(", ")})`);
    return i;
  }

  /**
   * do(z_i = v) for exogenous ε [B, n·k] (e.g. the posterior mean): the incoming edges of i are
   * cut (column i of A set to 0 by tf.where) and ε_i replaced by v, so z = (I − A'ᵀ)⁻¹ ε' has
   * z_i = v exactly and every descendant of i recomputed; the mask layer then gives
   * f_j = g_j((Aᵀz)_j) + ε_j for j ≠ i and f_i = v (set, not multiplied). Non-descendants of i
   * are unchanged. Returns { causal, masked } [B, n·k]. Throws for a bad concept index or value.
   */
  intervene(
    eps: tf.Tensor2D,
    concept: number,
    value: number,
  ): { causal: tf.Tensor2D; masked: tf.Tensor2D } {
    const { n, k } = this.layer;
    if (!Number.isInteger(concept) || concept < 0 || concept >= n)
      throw new Error(`intervene: concept index ${concept} outside [0, ${n})`);
    if (!Number.isFinite(value)) throw new Error(`intervene: value must be finite, got ${value}`);
    return tf.tidy(() => {
      const b = eps.shape[0];
      const a = this.layer.adjacency();
      const col = tf
        .tensor1d(Array.from({ length: n }, (_, j) => j === concept))
        .cast("bool")
        .reshape([1, n])
        .tile([n, 1]);
      const cut = tf.where(col, tf.zerosLike(a), a) as tf.Tensor2D;
      const block = tf
        .tensor1d(Array.from({ length: n * k }, (_, j) => Math.floor(j / k) === concept))
        .cast("bool")
        .reshape([1, n * k])
        .tile([b, 1]);
      const setTo = tf.fill([b, n * k], value);
      const epsDo = tf.where(block, setTo, eps) as tf.Tensor2D;
      const causal = this.layer.causal(epsDo, cut);
      const masked = tf.where(block, setTo, this.layer.mask(causal, eps, a)) as tf.Tensor2D;
      return { causal, masked };
    });
  }
}

/** Builds a CausalScm (see ScmOptions); the model is built immediately. */
export function createScm(opts: ScmOptions): CausalScm {
  return new CausalScm(opts);
}
