/**
 * What a GAN run directory gets after training: prior samples, the InfoGAN code figure per
 * (categorical code, continuous code dimension), the categorical code's accuracy as a classifier of
 * the data's labels on the test split (evaluation.json, code_accuracy.json) and report.html.
 * Called by generated GAN trainers' `train()`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { Dataset } from "../data/types.js";
import { imageGrid } from "../viz/grid.js";
import { infoganFigure } from "../viz/infogan-figure.js";
import { writeReport } from "../viz/report.js";
import { categoricalCodeAccuracy } from "./gan-accuracy.js";

/** One slot of the generator input (noise ‖ codes, in declaration order). */
export interface GanInputSlot {
  readonly name: string;
  readonly role: "noise" | "code";
  readonly distribution: string;
  readonly offset: number;
  readonly size: number;
}

export interface FinishGanRunOptions {
  readonly outDir: string;
  readonly dataset: Dataset;
  /** The generator input's layout, [D] = Σ sizes. */
  readonly layout: readonly GanInputSlot[];
  /** n draws of the whole generator input from the priors, [n, D] row-major (deterministic in seed). */
  readonly sampleInputs: (n: number, seed: number) => Float32Array;
  /** Mean images of the generator for inputs [n, D]: [n, H, W, C] in [0, 1]. */
  readonly generate: (z: tf.Tensor2D) => tf.Tensor4D;
  /** Q's logits of categorical code `code` for images x [B, H, W, C]: [B, k]. */
  readonly codeLogits?: (code: string, x: tf.Tensor4D) => tf.Tensor2D;
  /** Sweep of the continuous codes in the figure (default 2: −2 … 2). */
  readonly range?: number;
  readonly quiet?: boolean;
  /** Skip the accuracy evaluation (pictures only). */
  readonly skipMetrics?: boolean;
}

/** code name → accuracy on the labelled split, mapping code value → label. */
export type FinishGanRunResult = Record<
  string,
  { accuracy: number; split: string; points: number; mapping: number[] }
>;

const EVAL_BATCH = 500;

/**
 * Accuracy of argmax Q(c|x) as a label classifier on `data` (its first factor), under the best
 * one-to-one map code value → label (gan-accuracy.ts). Throws when the data set has no labels.
 */
export async function codeClassifierAccuracy(
  data: Dataset,
  k: number,
  logits: (x: tf.Tensor4D) => tf.Tensor2D,
): Promise<{ accuracy: number; mapping: number[]; confusion: number[][]; points: number }> {
  if (data.factorNames.length === 0)
    throw new Error(`data set ${data.name} has no labels to score the categorical code against`);
  const kLabel = data.factorSizes[0] ?? k;
  const K = data.factorNames.length;
  const shape = data.imageShape as [number, number, number];
  const codes = new Int32Array(data.size);
  const labels = new Int32Array(data.size);
  for (let s = 0; s < data.size; s += EVAL_BATCH) {
    const idx = Array.from({ length: Math.min(EVAL_BATCH, data.size - s) }, (_, i) => s + i);
    const pred = tf.tidy(() =>
      tf.argMax(logits(tf.tensor4d(data.images(idx), [idx.length, ...shape])), 1),
    );
    codes.set((await pred.data()) as Int32Array, s);
    pred.dispose();
    const f = data.factors(idx);
    for (let i = 0; i < idx.length; i++) labels[s + i] = f[i * K]!;
  }
  const r = categoricalCodeAccuracy(codes, labels, k, Math.max(k, kLabel));
  return { ...r, points: data.size };
}

/**
 * Writes samples.png, infogan_<cat>_<cont><d>.png (rows: categorical values; columns: continuous
 * dimension d from −range to range; noise fixed), code_accuracy.json + evaluation.json (unless
 * skipMetrics or no labels) and report.html into outDir.
 */
export async function finishGanRun(opts: FinishGanRunOptions): Promise<FinishGanRunResult> {
  const { dataset, outDir, layout } = opts;
  const shape = dataset.imageShape as [number, number, number];
  const D = layout.reduce((a, s) => a + s.size, 0);
  const generate = async (z: Float32Array, n: number) => {
    const images = tf.tidy(() => opts.generate(tf.tensor2d(z, [n, D])));
    const out = (await images.data()) as Float32Array;
    images.dispose();
    return out;
  };
  writeFileSync(
    join(outDir, "samples.png"),
    imageGrid(await generate(opts.sampleInputs(100, 1234), 100), 100, shape, 10).png,
  );

  const categorical = layout.filter((s) => s.role === "code" && s.distribution === "categorical");
  const continuous = layout.filter((s) => s.role === "code" && s.distribution !== "categorical");
  const base = opts.sampleInputs(1, 4321);
  for (const s of continuous) base.fill(0, s.offset, s.offset + s.size);
  for (const cat of categorical) {
    for (const cont of continuous) {
      for (let d = 0; d < cont.size; d++) {
        const fig = await infoganFigure({
          generate,
          base,
          categorical: { offset: cat.offset, k: cat.size },
          continuous: cont.offset + d,
          range: opts.range ?? 2,
          imageShape: shape,
        });
        writeFileSync(join(outDir, `infogan_${cat.name}_${cont.name}${d}.png`), fig.png);
      }
    }
  }

  const results: FinishGanRunResult = {};
  const split = dataset.test ?? dataset;
  if (!opts.skipMetrics && opts.codeLogits && split.factorNames.length > 0) {
    const details: Record<string, unknown> = {};
    const evaluation: Record<string, unknown> = {};
    for (const cat of categorical) {
      const r = await codeClassifierAccuracy(split, cat.size, (x) => opts.codeLogits!(cat.name, x));
      results[cat.name] = {
        accuracy: r.accuracy,
        split: split.name,
        points: r.points,
        mapping: r.mapping,
      };
      details[cat.name] = { ...results[cat.name], confusion: r.confusion };
      evaluation[`code_accuracy_${cat.name}`] = {
        value: r.accuracy,
        variant: "argmax Q(c|x), best one-to-one code→label map",
        samples: { train: 0, test: r.points },
        seed: 0,
        representation: "q_logits",
      };
      if (!opts.quiet)
        process.stderr.write(
          `categorical code ${cat.name} as a classifier of ${split.name}: accuracy ${r.accuracy.toFixed(4)} (${r.points} points)\n`,
        );
    }
    writeFileSync(join(outDir, "code_accuracy.json"), JSON.stringify(details, null, 2));
    writeFileSync(join(outDir, "evaluation.json"), JSON.stringify(evaluation, null, 2));
  }
  await writeReport(outDir);
  return results;
}
