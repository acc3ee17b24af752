/**
 * Latent traversals (Higgins et al. 2017, Fig. 1; disentanglement_lib `visualize_model.py`):
 * starting from the posterior mean of one input, one latent at a time is set to each of `steps`
 * evenly spaced values in [−range, +range] and decoded.
 */
import { createCanvas, drawImage, encodePng, type Canvas } from "./canvas.js";
import { encodeGif } from "./gif.js";

/** Decoder: z float32 [n, D] → images float32 [n, H, W, C] in [0, 1]. */
export type DecodeFn = (z: Float32Array, n: number) => Promise<Float32Array>;

export interface TraversalOptions {
  decode: DecodeFn;
  /** posterior mean of one input, [D] */
  base: Float32Array;
  dim: number;
  /** latent indices to draw, one row each (e.g. sorted by KL, descending); default 0..D−1 */
  order?: number[];
  /** values span [−range, +range] (default 2) */
  range?: number;
  /** values per latent (default 10) */
  steps?: number;
  imageShape: [number, number, number];
}

/** Evenly spaced values from −range to +range inclusive (steps = 1: [0]). */
export function traversalValues(range: number, steps: number): number[] {
  if (steps === 1) return [0];
  return Array.from({ length: steps }, (_, s) => -range + (2 * range * s) / (steps - 1));
}

/**
 * Decodes every (latent, value) pair in one call: returns images [rows·steps, H, W, C] where
 * image r·steps + s has latent order[r] set to values[s].
 * @throws RangeError on a bad base length, latent index, steps or range.
 */
export async function decodeTraversal(
  opts: TraversalOptions,
): Promise<{ images: Float32Array; rows: number[]; steps: number }> {
  const { dim, base } = opts;
  const steps = opts.steps ?? 10;
  const range = opts.range ?? 2;
  const rows = opts.order ?? Array.from({ length: dim }, (_, d) => d);
  if (base.length !== dim)
    throw new RangeError(`traversal: base has ${base.length} values, expected dim = ${dim}.`);
  if (!Number.isInteger(steps) || steps < 1)
    throw new RangeError(`traversal: steps must be a positive integer, got ${steps}.`);
  if (!(range > 0)) throw new RangeError(`traversal: range must be positive, got ${range}.`);
  if (rows.length === 0) throw new RangeError("traversal: no latent to traverse.");
  for (const d of rows)
    if (!Number.isInteger(d) || d < 0 || d >= dim)
      throw new RangeError(`traversal: latent index ${d} outside [0, ${dim}).`);
  const values = traversalValues(range, steps);
  const n = rows.length * steps;
  const z = new Float32Array(n * dim);
  rows.forEach((d, r) => {
    values.forEach((v, s) => {
      const i = r * steps + s;
      z.set(base, i * dim);
      z[i * dim + d] = v;
    });
  });
  const [H, W, C] = opts.imageShape;
  const images = await opts.decode(z, n);
  if (images.length !== n * H * W * C)
    throw new Error(
      `traversal: decoder returned ${images.length} values for ${n} images of ${H}×${W}×${C}.`,
    );
  return { images, rows, steps };
}

/**
 * The traversal grid as PNG: one row per latent (in `order`), `steps` columns, 1-px grey
 * separators.
 */
export async function traversalGrid(
  opts: TraversalOptions,
): Promise<{ png: Buffer; width: number; height: number }> {
  const { images, rows, steps } = await decodeTraversal(opts);
  const [H, W] = opts.imageShape;
  const canvas = createCanvas(steps * (W + 1) + 1, rows.length * (H + 1) + 1, 0.5);
  for (let r = 0; r < rows.length; r++) {
    for (let s = 0; s < steps; s++)
      drawImage(canvas, images, r * steps + s, opts.imageShape, 1 + s * (W + 1), 1 + r * (H + 1));
  }
  return { png: encodePng(canvas), width: canvas.width, height: canvas.height };
}

/**
 * Animated traversal GIF: frame s shows every latent of `order` side by side, each set to
 * values[s] (one frame per step, looping).
 * @param opts.delayMs frame delay (default 200 ms)
 */
export async function traversalGif(
  opts: TraversalOptions & { delayMs?: number },
): Promise<{ gif: Buffer; width: number; height: number; frames: number }> {
  const { images, rows, steps } = await decodeTraversal(opts);
  const [H, W] = opts.imageShape;
  const frames: Canvas[] = [];
  for (let s = 0; s < steps; s++) {
    const canvas = createCanvas(rows.length * (W + 1) + 1, H + 2, 0.5);
    for (let r = 0; r < rows.length; r++)
      drawImage(canvas, images, r * steps + s, opts.imageShape, 1 + r * (W + 1), 1);
    frames.push(canvas);
  }
  return { ...encodeGif(frames, opts.delayMs ?? 200), frames: frames.length };
}

/**
 * Mean KL per latent, KL(N(mu, e^logvar) ‖ N(0, 1)) = ½(mu² + e^logvar − logvar − 1), averaged
 * over the batch (Kingma & Welling 2014, App. B), in nats: [D]. Sort descending to order rows.
 * @param mu, logvar float32 [n, D]
 * @throws RangeError when the lengths differ or are not a multiple of dim.
 */
export function klPerLatent(mu: Float32Array, logvar: Float32Array, dim: number): Float64Array {
  if (mu.length !== logvar.length || dim < 1 || mu.length % dim !== 0 || mu.length === 0) {
    throw new RangeError(
      `klPerLatent: mu (${mu.length}) and logvar (${logvar.length}) must both be [n, ${dim}].`,
    );
  }
  const n = mu.length / dim;
  const kl = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) {
      const m = mu[i * dim + d] as number;
      const lv = logvar[i * dim + d] as number;
      kl[d]! += (0.5 * (m * m + Math.exp(lv) - lv - 1)) / n;
    }
  }
  return kl;
}

/** Latent indices sorted by KL, descending (ties by index). */
export function orderByKl(kl: ArrayLike<number>): number[] {
  return Array.from({ length: kl.length }, (_, d) => d).sort(
    (a, b) => (kl[b] as number) - (kl[a] as number) || a - b,
  );
}
