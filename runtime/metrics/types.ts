/**
 * Shared shapes for the metric computations. All arrays are row-major.
 * Codes are the representation [N, D]; factors are integer class indices [N, K].
 */

/** A representation matrix: `data` is float32 [n, dim] row-major. */
export interface Codes {
  readonly data: Float32Array;
  readonly n: number;
  readonly dim: number;
}

/** Ground-truth factor class indices: `data` is int32 [n, k] row-major, values in [0, sizes[j]). */
export interface Factors {
  readonly data: Int32Array;
  readonly n: number;
  readonly k: number;
}

/** The minimal random source the metrics need (compatible with runtime/data `Rng`). */
export interface MetricRng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** One metric's reported result (the value plus everything needed to compare it). */
export interface MetricResult {
  /** The headline number (e.g. MIG, eval accuracy, DCI disentanglement). */
  value: number;
  /** The computation used, e.g. "dlib-histogram-20", "discrete-linear-svc". */
  variant: string;
  /** Points used to fit / evaluate. */
  samples: { train: number; test?: number };
  /** Evaluation seed. */
  seed: number;
  /** "mean" (posterior mean, the dlib default) or "sample". */
  representation: string;
  /** Secondary numbers (train accuracy, completeness, informativeness, …). */
  extra?: Record<string, number>;
}

/** Throws a RangeError unless `codes` and `factors` describe the same n points. */
export function checkPaired(codes: Codes, factors: Factors, who: string): void {
  checkCodes(codes, who);
  if (factors.data.length !== factors.n * factors.k) {
    throw new RangeError(
      `${who}: factors have ${factors.data.length} values, expected n*k = ${factors.n}*${factors.k}.`,
    );
  }
  if (codes.n !== factors.n) {
    throw new RangeError(
      `${who}: ${codes.n} codes but ${factors.n} factor rows; they must be paired.`,
    );
  }
  if (factors.k < 1) throw new RangeError(`${who}: needs at least one ground-truth factor.`);
}

/** Throws a RangeError unless `codes.data` has n*dim entries and n, dim >= 1. */
export function checkCodes(codes: Codes, who: string): void {
  if (codes.data.length !== codes.n * codes.dim) {
    throw new RangeError(
      `${who}: codes have ${codes.data.length} values, expected n*dim = ${codes.n}*${codes.dim}.`,
    );
  }
  if (codes.n < 2 || codes.dim < 1) {
    throw new RangeError(
      `${who}: needs at least 2 points and 1 code dimension (got n=${codes.n}, dim=${codes.dim}).`,
    );
  }
}

/** Column j of a row-major [n, cols] matrix as a new array. */
export function column<T extends Float32Array | Int32Array | Float64Array>(
  data: T,
  n: number,
  cols: number,
  j: number,
): T {
  const out = new (data.constructor as new (len: number) => T)(n);
  for (let i = 0; i < n; i++) out[i] = data[i * cols + j] as number;
  return out;
}
