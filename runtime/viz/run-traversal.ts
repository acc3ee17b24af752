/**
 * Traversal pictures of a trained model (`disc traverse`): the posterior mean of one fixed
 * example is the base, rows are the latents ordered by mean KL (or one chosen latent).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Dataset } from "../data/types.js";
import { createRng } from "../data/rng.js";
import type { EncodeFn } from "../metrics/sampling.js";
import { klPerLatent, orderByKl, traversalGif, traversalGrid, type DecodeFn } from "./traversal.js";

export interface RunTraversalOptions {
  readonly outDir: string;
  readonly dataset: Dataset;
  readonly latentSize: number;
  readonly encode: EncodeFn;
  readonly decode: DecodeFn;
  /** Only this latent (0-based); default every latent, ordered by KL descending. */
  readonly latent?: number;
  /** Values span [−range, +range] (default 2). */
  readonly range?: number;
  /** Values per latent (default 10). */
  readonly points?: number;
  /** Also write the animated GIF. */
  readonly gif?: boolean;
  /** Examples used for the KL ordering (default 512; the base is the first of them). */
  readonly examples?: number;
}

/**
 * Writes traversal.png (all latents) or traversal-z<i>.png (one latent), and with `gif` the .gif
 * beside it. Examples are drawn with seed 0, as `finishRun` draws them, so the base matches.
 * @returns the paths written and the latent rows in drawing order
 * @throws RangeError when `latent` is outside [0, latentSize) or range / points are invalid.
 */
export async function writeRunTraversal(
  opts: RunTraversalOptions,
): Promise<{ files: string[]; rows: number[] }> {
  const D = opts.latentSize;
  if (
    opts.latent !== undefined &&
    (!Number.isInteger(opts.latent) || opts.latent < 0 || opts.latent >= D)
  ) {
    throw new RangeError(
      `--latent ${opts.latent} is outside [0, ${D}); the model has ${D} latent dimensions.`,
    );
  }
  const shape = [...opts.dataset.imageShape] as [number, number, number];
  const pixels = shape[0] * shape[1] * shape[2];
  const count = Math.max(1, Math.min(opts.examples ?? 512, opts.dataset.size));
  const pick = createRng(0);
  const indices = Array.from({ length: count }, () => pick.int(opts.dataset.size));
  const x = opts.dataset.images(indices);
  const mu = new Float32Array(count * D);
  const logvar = new Float32Array(count * D);
  for (let s = 0; s < count; s += 64) {
    const n = Math.min(64, count - s);
    const enc = await opts.encode(x.subarray(s * pixels, (s + n) * pixels), n);
    if (enc.mu.length !== n * D)
      throw new Error(`encoder returned ${enc.mu.length} values for ${n}×${D}.`);
    mu.set(enc.mu, s * D);
    logvar.set(enc.logvar, s * D);
  }
  const rows = opts.latent === undefined ? orderByKl(klPerLatent(mu, logvar, D)) : [opts.latent];
  const trav = {
    decode: opts.decode,
    base: mu.slice(0, D),
    dim: D,
    order: rows,
    range: opts.range ?? 2,
    steps: opts.points ?? 10,
    imageShape: shape,
  };
  const stem = opts.latent === undefined ? "traversal" : `traversal-z${opts.latent}`;
  const files = [join(opts.outDir, `${stem}.png`)];
  writeFileSync(files[0]!, (await traversalGrid(trav)).png);
  if (opts.gif) {
    files.push(join(opts.outDir, `${stem}.gif`));
    writeFileSync(files[1]!, (await traversalGif(trav)).gif);
  }
  return { files, rows };
}
