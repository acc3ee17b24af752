/**
 * The data contract shared by training, metrics and pictures.
 * A `Dataset` renders or reads observations by example index; nothing requires holding the
 * whole set in memory, the full factorial grid, or any order.
 */
import type * as tf from "@tensorflow/tfjs";

export interface Dataset {
  /** Registry name, e.g. "dsprites". */
  readonly name: string;
  /** Number of training examples N. */
  readonly size: number;
  /** The absolute path of the file or folder it was read from (absent for procedural data). */
  readonly file?: string;
  /** [H, W, C] of one observation. */
  readonly imageShape: readonly [number, number, number];
  /** Names of the ground-truth factors / labels, e.g. ["shape", "scale", …]; [] when none. */
  readonly factorNames: readonly string[];
  /** Number of values of each factor (class counts), same order as factorNames. */
  readonly factorSizes: readonly number[];
  /**
   * Observations for the given example indices: float32 [n, H, W, C] in [0, 1], row-major.
   * Throws RangeError for an index outside [0, size).
   */
  images(indices: ArrayLike<number>): Float32Array;
  /** Factor class indices for the given examples: int32 [n, K] row-major. Empty when K = 0. */
  factors(indices: ArrayLike<number>): Int32Array;
  /**
   * Only for data sets whose factors are a full grid (dSprites, pendulum): observations for
   * factor class vectors [n, K] (row-major int32), rendered or looked up. Absent otherwise.
   */
  observationsFromFactors?(factors: Int32Array): Float32Array;
  /** Optional held-out split (MNIST test set). */
  readonly test?: Dataset;
  /**
   * Only where the factors are not independent (pendulum: effects are functions of causes):
   * factor class vectors [n, K] drawn from the data's own factor distribution. When absent,
   * factors are independent and uniform over the grid (see load.ts `sampleFactors`).
   */
  sampleFactors?(n: number, rng: Rng): Int32Array;
  /** Names of continuous labels (e.g. the pendulum's 4 concept values); absent when none. */
  readonly labelNames?: readonly string[];
  /** Continuous labels for the given examples: float32 [n, L] row-major (L = labelNames.length). */
  labels?(indices: ArrayLike<number>): Float32Array;
}

/** A deterministic source of random numbers; its state can be saved and restored exactly. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A 32-bit seed for a tfjs random op (tf.randomNormal(shape, 0, 1, "float32", seed)). */
  seed(): number;
  /** Opaque JSON-serialisable state. */
  state(): unknown;
  restore(state: unknown): void;
}

/** One training batch. */
export interface Batch {
  /** [B, H, W, C] in [0, 1]. */
  readonly x: tf.Tensor4D;
  /** [B, K] float32 factor class indices / labels, where the data set has them. */
  readonly y?: tf.Tensor2D;
  /** [B, L] float32 continuous labels, where the data set has `labels` (pendulum concepts). */
  readonly labels?: tf.Tensor2D;
}

/** An endless, shuffled, resumable stream of batches (reshuffled each epoch from the seed). */
export interface BatchStream {
  next(): Batch;
  /** JSON-serialisable position (epoch, offset) for checkpoints. */
  state(): { epoch: number; offset: number };
  restore(state: { epoch: number; offset: number }): void;
}
