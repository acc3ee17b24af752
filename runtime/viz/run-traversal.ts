/**
 * The labelled traversal of a trained model, for `finishRun` (after training) and `disc traverse`:
 * the posterior mean of one fixed example is the base; rows are the latents ordered by mean KL,
 * each named by the factor it shares most information with; `latent_factors.json` keeps the
 * latent × factor NMI matrix for the report and the run's closing lines.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Dataset } from "../data/types.js";
import { createRng } from "../data/rng.js";
import { latentFactorInfo, type LatentFactorInfo } from "../metrics/latent-factors.js";
import type { EncodeFn } from "../metrics/sampling.js";
import { labelledTraversalGif, labelledTraversalPng } from "./labelled-traversal.js";
import { latentRows, type LatentRows } from "./latent-labels.js";
import { klPerLatent, type DecodeFn } from "./traversal.js";

/** Encoded examples: images x [n, H, W, C] and their posterior mu, logvar [n, D]. */
export interface EncodedExamples {
  readonly x: Float32Array;
  readonly mu: Float32Array;
  readonly logvar: Float32Array;
  readonly n: number;
}

/**
 * Draws `count` examples with seed 0 (the same ones for every run of a data set) and encodes them
 * in batches of 64.
 * @throws Error when the encoder returns a wrongly sized result.
 */
export async function encodeExamples(
  dataset: Dataset,
  encode: EncodeFn,
  dim: number,
  count = 512,
): Promise<EncodedExamples> {
  const [H, W, C] = dataset.imageShape;
  const pixels = H * W * C;
  const n = Math.max(1, Math.min(count, dataset.size));
  const pick = createRng(0);
  const x = dataset.images(Array.from({ length: n }, () => pick.int(dataset.size)));
  const mu = new Float32Array(n * dim);
  const logvar = new Float32Array(n * dim);
  for (let s = 0; s < n; s += 64) {
    const b = Math.min(64, n - s);
    const enc = await encode(x.subarray(s * pixels, (s + b) * pixels), b);
    if (enc.mu.length !== b * dim || enc.logvar.length !== b * dim)
      throw new Error(`encoder returned ${enc.mu.length} values for ${b}×${dim}.`);
    mu.set(enc.mu, s * dim);
    logvar.set(enc.logvar, s * dim);
  }
  return { x, mu, logvar, n };
}

/**
 * Points to estimate the latent × factor NMI from: the `samples` of the spec's `mig` metric when
 * it names one (so the labels and MIG read the same kind of estimate), else MIG's default 10,000.
 */
export function nmiSamplesFor(
  evaluate:
    | {
        readonly metrics: readonly {
          name: string;
          args: Readonly<Record<string, { value: unknown }>>;
        }[];
      }
    | null
    | undefined,
): number {
  const samples = evaluate?.metrics.find((m) => m.name === "mig")?.args["samples"]?.value;
  return typeof samples === "number" && Number.isInteger(samples) && samples >= 2
    ? samples
    : 10_000;
}

export interface LabelledTraversalRun {
  readonly outDir: string;
  readonly dataset: Dataset;
  readonly dim: number;
  readonly encode: EncodeFn;
  readonly decode: DecodeFn;
  readonly examples: EncodedExamples;
  /** Only this latent (one row, even when collapsed); default every latent by KL. */
  readonly latent?: number;
  /** Values span [−range, +range] (default 2). */
  readonly range?: number;
  /** Values per latent (default 10). */
  readonly points?: number;
  /** Also write the GIF. */
  readonly gif?: boolean;
  /** Points the NMI is estimated from (default 10,000, as MIG). */
  readonly nmiSamples?: number;
  /** Estimate the NMI and name factors (default true); false labels with index and KL only. */
  readonly factors?: boolean;
}

/**
 * Writes traversal.png (or traversal-z<i>.png), optionally the .gif beside it, and
 * latent_factors.json (when the data set has factors and every latent is drawn; without factors
 * an earlier latent_factors.json is removed).
 * @returns the files written, the KL per latent (nats), the NMI information and the rows drawn
 */
export async function writeLabelledTraversal(opts: LabelledTraversalRun): Promise<{
  files: string[];
  kl: Float64Array;
  info: LatentFactorInfo | null;
  latents: LatentRows;
}> {
  const D = opts.dim;
  const { x, mu, logvar } = opts.examples;
  const kl = klPerLatent(mu, logvar, D);
  const info =
    opts.factors === false
      ? null
      : await latentFactorInfo(opts.dataset, opts.encode, { samples: opts.nmiSamples });
  const table = { kl, factors: info?.factors ?? [], nmi: info?.nmi ?? null };
  let latents = latentRows(table);
  if (opts.latent !== undefined) {
    const one = latentRows(table, -Infinity).rows.find((r) => r.latent === opts.latent)!;
    latents = { rows: [one], collapsed: [], collapsedLabel: null };
  }
  const shape = [...opts.dataset.imageShape] as [number, number, number];
  const pixels = shape[0] * shape[1] * shape[2];
  const trav = {
    decode: opts.decode,
    base: mu.slice(0, D),
    dim: D,
    input: x.slice(0, pixels),
    latents,
    range: opts.range ?? 2,
    steps: opts.points ?? 10,
    imageShape: shape,
  };
  const stem = opts.latent === undefined ? "traversal" : `traversal-z${opts.latent}`;
  const files = [join(opts.outDir, `${stem}.png`)];
  writeFileSync(files[0]!, (await labelledTraversalPng(trav)).png);
  if (opts.gif) {
    files.push(join(opts.outDir, `${stem}.gif`));
    writeFileSync(files[1]!, (await labelledTraversalGif(trav)).gif);
  }
  const path = join(opts.outDir, "latent_factors.json");
  if (info !== null && opts.latent === undefined) {
    const kls = Array.from(kl, (v) => Math.round(v * 1e5) / 1e5);
    writeFileSync(path, JSON.stringify({ kl: kls, unit: "nats", ...info }, null, 2));
    files.push(path);
  } else if (info === null && opts.latent === undefined) {
    rmSync(path, { force: true }); // an earlier run's matrix would describe other weights
  }
  return { files, kl, info, latents };
}

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
  /** Points the NMI is estimated from (default 10,000; see `nmiSamplesFor`). */
  readonly nmiSamples?: number;
}

/**
 * `disc traverse`: writes traversal.png (all latents) or traversal-z<i>.png (one latent), and
 * with `gif` the .gif beside it. Examples are drawn with seed 0, as `finishRun` draws them, so
 * the base matches.
 * @returns the paths written, the latent rows in drawing order and the collapsed latents
 * @throws RangeError when `latent` is outside [0, latentSize) or range / points are invalid.
 */
export async function writeRunTraversal(
  opts: RunTraversalOptions,
): Promise<{ files: string[]; rows: number[]; collapsed: number[] }> {
  const D = opts.latentSize;
  if (
    opts.latent !== undefined &&
    (!Number.isInteger(opts.latent) || opts.latent < 0 || opts.latent >= D)
  ) {
    throw new RangeError(
      `--latent ${opts.latent} is outside [0, ${D}); the model has ${D} latent dimensions.`,
    );
  }
  const examples = await encodeExamples(opts.dataset, opts.encode, D, opts.examples ?? 512);
  const r = await writeLabelledTraversal({ ...opts, dim: D, examples });
  return {
    files: r.files,
    rows: r.latents.rows.map((row) => row.latent),
    collapsed: r.latents.collapsed,
  };
}
