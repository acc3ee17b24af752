/**
 * The CausalVAE structural causal model over the concept blocks of a latent (Yang et al. 2021,
 * eqs. 1–3; huawei-noah trustworthyAI CausalVAE `DagLayer`, `MaskLayer`):
 *   causal layer  z = (I − Aᵀ)⁻¹ ε, per concept block: ε [B, n·k] viewed as [B, n, k], the
 *                 inverse acting on the concept axis n for each of the k channels;
 *   mask layer    f_i = g_i((Aᵀ z)_i) + ε_i, g_i a per-concept MLP Linear(k, h)–ELU–Linear(h, k);
 *   label map     û_i = g^u_i((Aᵀ ũ)_i), g^u_i a per-concept MLP Linear(1, h)–ELU–Linear(h, 1)
 *                 (the official code's mix_u, the label-reconstruction term).
 * A [n, n] (A_ij ≠ 0: concept i causes j) is a learnable weight with an explicit init (zeros,
 * small random, or a given matrix — never silently the true graph); its diagonal is held at 0
 * (self-loops are not DAG-admissible; deviation from the official code, which lets h(A) handle
 * them). The official attention term e_tilde is replaced by ε itself (the paper's eq. 3).
 * Every weight lives in one Layer wrapped in a tf.LayersModel, so the training loop trains and
 * checkpoints it like any network.
 */
import * as tf from "@tensorflow/tfjs";
import { causalInverse } from "./inverse.js";

export type ScmInit = "zeros" | "random" | readonly (readonly number[])[];

export interface ScmOptions {
  /** Concept names, n of them. */
  readonly concepts: readonly string[];
  /** Dimensions per concept block, k. */
  readonly conceptSize: number;
  /** Initial adjacency: zeros, uniform(−0.1, 0.1) off the diagonal, or a given n×n matrix. */
  readonly init: ScmInit;
  /** Hidden width of the per-concept MLPs (official: 32). */
  readonly hidden?: number;
  readonly seed: number;
  /** Model name (a checkpoint folder name: letters, digits, _ . -). */
  readonly name: string;
  /**
   * Which terms train A: "all" (the paper: every term, through the causal and mask layers too) or
   * "labels" (the causal and mask layers of the latent use A with no gradient to it, so only the
   * label terms, dag and l1 shape it). Default "all".
   */
  readonly adjacencyGrad?: "all" | "labels";
}

/** x with a zero gradient (A as seen by the latent layers under adjacencyGrad "labels"). */
const detach = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: (args[0] as tf.Tensor).clone(),
  gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.zerosLike(dy as tf.Tensor),
})) as (x: tf.Tensor2D) => tf.Tensor2D;

/** The tensors of one pass through the SCM; all [B, n·k] except `adjacency` [n, n]. */
export interface ScmPass {
  readonly causal: tf.Tensor2D;
  readonly masked: tf.Tensor2D;
  readonly adjacency: tf.Tensor2D;
}

function checkInit(init: ScmInit, n: number): void {
  if (typeof init === "string") {
    if (init !== "zeros" && init !== "random")
      throw new Error(`scm init must be zeros | random | an n×n matrix, got '${init}'`);
    return;
  }
  if (init.length !== n || init.some((r) => r.length !== n || r.some((v) => !Number.isFinite(v)))) {
    throw new Error(`scm init: a given adjacency must be a finite ${n}×${n} matrix`);
  }
}

/** The Layer holding A and the mask / label MLP weights; `call` is the causal layer. */
export class ScmLayer extends tf.layers.Layer {
  static className = "DiscScm";
  readonly n: number;
  readonly k: number;
  readonly h: number;
  private readonly scmInit: ScmInit;
  private readonly seed: number;
  private readonly adjacencyGrad: "all" | "labels";
  private w: Record<string, tf.LayerVariable> = {};

  constructor(opts: ScmOptions) {
    super({ name: `${opts.name}_layer` });
    this.n = opts.concepts.length;
    this.k = opts.conceptSize;
    this.h = opts.hidden ?? 32;
    if (this.n < 1 || !Number.isInteger(this.k) || this.k < 1)
      throw new Error(`scm ${opts.name}: needs ≥ 1 concept and an integer conceptSize ≥ 1`);
    checkInit(opts.init, this.n);
    this.scmInit = opts.init;
    this.adjacencyGrad = opts.adjacencyGrad ?? "all";
    if (this.adjacencyGrad !== "all" && this.adjacencyGrad !== "labels")
      throw new Error(
        `scm ${opts.name}: adjacencyGrad must be all | labels, got '${this.adjacencyGrad}'`,
      );
    this.seed = opts.seed;
  }

  override build(): void {
    const { n, k, h, seed } = this;
    const glorot = (s: number) => tf.initializers.glorotUniform({ seed: seed + s });
    const init = this.scmInit;
    const aInit =
      init === "zeros"
        ? tf.initializers.zeros()
        : init === "random"
          ? tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed })
          : tf.initializers.constant({ value: 0 });
    const add = (name: string, shape: number[], i: ReturnType<typeof tf.initializers.zeros>) =>
      (this.w[name] = this.addWeight(name, shape, "float32", i, undefined, true));
    add("adjacency", [n, n], aInit);
    if (typeof init !== "string") {
      const given = tf.tensor2d(
        init.map((r) => [...r]),
        [n, n],
      );
      this.w["adjacency"]!.write(given);
      given.dispose();
    }
    add("mask_w1", [n, k, h], glorot(1));
    add("mask_b1", [n, 1, h], tf.initializers.zeros());
    add("mask_w2", [n, h, k], glorot(2));
    add("mask_b2", [n, 1, k], tf.initializers.zeros());
    add("label_w1", [n, 1, h], glorot(3));
    add("label_b1", [n, 1, h], tf.initializers.zeros());
    add("label_w2", [n, h, 1], glorot(4));
    add("label_b2", [n, 1, 1], tf.initializers.zeros());
    add("label_scm_w1", [n, n, h], glorot(5));
    add("label_scm_b1", [n, 1, h], tf.initializers.zeros());
    add("label_scm_w2", [n, h, 1], glorot(6));
    add("label_scm_b2", [n, 1, 1], tf.initializers.zeros());
    this.built = true;
  }

  private v(name: string): tf.Tensor {
    const w = this.w[name];
    if (!w) throw new Error(`scm ${this.name}: used before it was built`);
    return w.read();
  }

  /** A [n, n] with its diagonal held at 0 (tf.where, no multiplication by a mask). */
  adjacency(): tf.Tensor2D {
    return tf.tidy(() => {
      const a = this.v("adjacency");
      const diag = tf.cast(tf.eye(this.n), "bool");
      return tf.where(diag, tf.zerosLike(a), a) as tf.Tensor2D;
    });
  }

  /** x [B, n·k] → [B·k, n] (concept axis last), and back. */
  private toConceptAxis(x: tf.Tensor): tf.Tensor2D {
    const b = x.shape[0]!;
    if (x.shape[1] !== this.n * this.k)
      throw new Error(`scm ${this.name}: expected [B, ${this.n * this.k}], got [${x.shape}]`);
    return x
      .reshape([b, this.n, this.k])
      .transpose([0, 2, 1])
      .reshape([b * this.k, this.n]);
  }

  private fromConceptAxis(x: tf.Tensor, b: number): tf.Tensor2D {
    return x
      .reshape([b, this.k, this.n])
      .transpose([0, 2, 1])
      .reshape([b, this.n * this.k]);
  }

  /** Causal layer z = (I − Aᵀ)⁻¹ ε per concept block for a given adjacency; ε [B, n·k] → [B, n·k]. */
  causal(eps: tf.Tensor2D, a: tf.Tensor2D = this.adjacency()): tf.Tensor2D {
    return tf.tidy(() => {
      const inv = causalInverse(a); // z_i = Σ_j inv_ij ε_j  →  rows · invᵀ
      return this.fromConceptAxis(
        tf.matMul(this.toConceptAxis(eps), inv, false, true),
        eps.shape[0],
      );
    });
  }

  /** Aᵀz per concept block: row i = Σ_j A_ji z_j (the parents of i); [B, n·k] → [B, n·k]. */
  parents(z: tf.Tensor2D, a: tf.Tensor2D = this.adjacency()): tf.Tensor2D {
    return tf.tidy(() => this.fromConceptAxis(tf.matMul(this.toConceptAxis(z), a), z.shape[0]));
  }

  /** g_i applied to each concept block of x [B, n·k] → [B, n·k] (batched over concepts). */
  mix(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const b = x.shape[0];
      const xs = x.reshape([b, this.n, this.k]).transpose([1, 0, 2]) as tf.Tensor3D; // [n,B,k]
      const hid = tf.elu(
        tf.add(tf.matMul(xs, this.v("mask_w1") as tf.Tensor3D), this.v("mask_b1")),
      ) as tf.Tensor3D;
      const out = tf.add(tf.matMul(hid, this.v("mask_w2") as tf.Tensor3D), this.v("mask_b2"));
      return out.transpose([1, 0, 2]).reshape([b, this.n * this.k]) as tf.Tensor2D;
    });
  }

  /** Mask layer f = g(Aᵀz) + ε; z, ε [B, n·k]. */
  mask(z: tf.Tensor2D, eps: tf.Tensor2D, a: tf.Tensor2D = this.adjacency()): tf.Tensor2D {
    return tf.tidy(() => tf.add(this.mix(this.parents(z, a)), eps) as tf.Tensor2D);
  }

  /** Label reconstruction û = g^u(Aᵀũ): ũ [B, n] (standardised labels) → [B, n] (official mix_u). */
  labelRecon(u: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      if (u.shape[1] !== this.n)
        throw new Error(`scm ${this.name}: labels must be [B, ${this.n}], got [${u.shape}]`);
      const b = u.shape[0];
      const pa = tf.matMul(u, this.adjacency()); // [B,n]: Σ_j u_j A_ji
      const xs = pa.transpose().reshape([this.n, b, 1]) as tf.Tensor3D;
      const hid = tf.elu(
        tf.add(tf.matMul(xs, this.v("label_w1") as tf.Tensor3D), this.v("label_b1")),
      ) as tf.Tensor3D;
      const out = tf.add(tf.matMul(hid, this.v("label_w2") as tf.Tensor3D), this.v("label_b2"));
      return out.reshape([this.n, b]).transpose() as tf.Tensor2D;
    });
  }

  /**
   * The label SCM of `label_align(form: label_scm)`: û_i = g_i(A_{:,i} ∘ ũ) for ũ [B, n]
   * (standardised labels) → [B, n]. As the paper's mask layer (eq. 7), g_i sees the masked parent
   * vector, not its sum, so an effect of two causes is fitted from those two alone. Each g_i is
   * n → hidden → 1 with ELU and its weights used at unit norm (W1_i / ‖W1_i‖_F, w2_i / ‖w2_i‖), so
   * g_i is 1-Lipschitz: it cannot amplify a small A, which makes |A_ij| (and h(A)) meaningful.
   */
  labelScm(u: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      if (u.shape[1] !== this.n)
        throw new Error(`scm ${this.name}: labels must be [B, ${this.n}], got [${u.shape}]`);
      const b = u.shape[0];
      const unit = (w: tf.Tensor, axis: number[]) =>
        tf.div(w, tf.add(tf.norm(w, "euclidean", axis, true), 1e-12)) as tf.Tensor3D;
      // x_i = ũ ∘ A_{:,i}: [n, B, n]
      const xs = tf.mul(u.expandDims(0), this.adjacency().transpose().expandDims(1)) as tf.Tensor3D;
      const hid = tf.elu(
        tf.add(tf.matMul(xs, unit(this.v("label_scm_w1"), [1, 2])), this.v("label_scm_b1")),
      ) as tf.Tensor3D;
      const out = tf.add(tf.matMul(hid, unit(this.v("label_scm_w2"), [1])), this.v("label_scm_b2"));
      return out.reshape([this.n, b]).transpose() as tf.Tensor2D;
    });
  }

  /**
   * Causal then mask layer for ε [B, n·k]. `adjacency` is the trainable A (for dag and l1); under
   * adjacencyGrad "labels" the two layers use it without passing gradient to it.
   */
  pass(eps: tf.Tensor2D): ScmPass {
    return tf.tidy(() => {
      const adjacency = this.adjacency();
      const used = this.adjacencyGrad === "labels" ? detach(adjacency) : adjacency;
      const causal = this.causal(eps, used);
      return { causal, masked: this.mask(causal, eps, used), adjacency };
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!x) throw new Error(`scm ${this.name}: no input`);
    return this.causal(x as tf.Tensor2D);
  }

  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), concepts: this.n, conceptSize: this.k, hidden: this.h };
  }
}
tf.serialization.registerClass(ScmLayer);
