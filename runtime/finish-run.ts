/**
 * What a run directory gets after training: reconstructions beside their inputs, samples from
 * the prior, the KL per latent, a latent traversal grid (PNG) and GIF, the spec's metrics
 * (`evaluation.json`) and `report.html`. Called by every generated trainer's `train()`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { EvaluateIR } from "../compiler/ir/types.js";
import type { Dataset } from "./data/types.js";
import { arrayCodec } from "./load-run.js";
import { evalProgressPrinter } from "./metrics/eval-progress.js";
import {
  evaluateSpecMetrics,
  type MetricResult,
  type PeriodicEvaluation,
} from "./metrics/index.js";
import { imageGrid, interleave, orderByKl, writeReport } from "./viz/index.js";
import { encodeExamples, nmiSamplesFor, writeLabelledTraversal } from "./viz/run-traversal.js";

const stderrLine = (line: string): void => void process.stderr.write(`${line}\n`);

/** The IR's `evaluate` block: metrics with resolved args, traversal settings. */
export type EvaluateSpec = EvaluateIR;

export interface FinishRunOptions {
  readonly outDir: string;
  readonly dataset: Dataset;
  /** D, the size of the encoded latent. */
  readonly latentSize: number;
  readonly evaluate: EvaluateSpec | null;
  /** x [B, H, W, C] → posterior { mu, logvar } [B, D]. */
  readonly encode: (x: tf.Tensor4D) => { mu: tf.Tensor2D; logvar: tf.Tensor2D };
  /** z [B, D] → mean image [B, H, W, C] in [0, 1]. */
  readonly decode: (z: tf.Tensor2D) => tf.Tensor4D;
  readonly quiet?: boolean;
  /** Skip metrics (pictures only). */
  readonly skipMetrics?: boolean;
  /** The run's periodic evaluation; its results are reused when it already scored step `step`. */
  readonly periodic?: PeriodicEvaluation;
  /** Steps trained (RunResult.steps). */
  readonly step?: number;
}

/** Result: the metric values written to evaluation.json, keyed by metric name. */
export type FinishRunResult = Record<string, MetricResult>;

const KL_EXAMPLES = 512;

/**
 * Writes reconstructions.png, samples.png, kl_per_latent.json, the labelled traversal.png and
 * traversal.gif, latent_factors.json (latent × factor NMI, when the data set has factors and
 * metrics are not skipped),
 * evaluation.json (when the spec names metrics) and report.html into `outDir`.
 * @throws Error when the data set is empty or a metric cannot run on it (e.g. no factors).
 */
export async function finishRun(opts: FinishRunOptions): Promise<FinishRunResult> {
  const { dataset, outDir } = opts;
  const shape = dataset.imageShape as [number, number, number];
  const pixels = shape[0] * shape[1] * shape[2];
  const D = opts.latentSize;
  const { encodeArrays, decodeArrays } = arrayCodec(opts.encode, opts.decode, shape, D);

  // A fixed random sample of examples (seed 0): the same ones for every run of this data set.
  const examples = await encodeExamples(dataset, encodeArrays, D, KL_EXAMPLES);
  const { x, mu, n: count } = examples;
  const shown = Math.min(16, count);
  const recon = await decodeArrays(mu.subarray(0, shown * D), shown);
  const pairs = interleave(x.subarray(0, shown * pixels), recon, shown, pixels);
  writeFileSync(join(outDir, "reconstructions.png"), imageGrid(pairs, 2 * shown, shape, 8).png);

  const prior = tf.tidy(
    () => tf.randomNormal([shown, D], 0, 1, "float32", 1234).dataSync() as Float32Array,
  );
  writeFileSync(
    join(outDir, "samples.png"),
    imageGrid(await decodeArrays(prior, shown), shown, shape, 8).png,
  );

  const { kl } = await writeLabelledTraversal({
    outDir,
    dataset,
    dim: D,
    encode: encodeArrays,
    decode: decodeArrays,
    examples,
    range: Number(opts.evaluate?.traversals.range?.value ?? 2),
    points: Number(opts.evaluate?.traversals.points?.value ?? 10),
    gif: true,
    nmiSamples: nmiSamplesFor(opts.evaluate),
    // --no-eval skips every metric, the labels' latent × factor NMI included
    factors: !opts.skipMetrics,
  });
  writeFileSync(
    join(outDir, "kl_per_latent.json"),
    JSON.stringify({ unit: "nats", kl: Array.from(kl), order: orderByKl(kl) }, null, 2),
  );

  let results: FinishRunResult = {};
  if (!opts.skipMetrics && opts.evaluate && opts.evaluate.metrics.length > 0) {
    const done = opts.periodic?.latest();
    results =
      done !== undefined && done.step === opts.step
        ? done.results
        : await evaluateSpecMetrics(opts.evaluate.metrics, dataset, encodeArrays, {
            onResult: (name, r) => {
              if (!opts.quiet)
                process.stderr.write(
                  `${name} = ${r.value.toFixed(4)} (${r.variant}, ${r.samples.train} points, ${r.representation})\n`,
                );
            },
            ...(opts.quiet ? {} : { onProgress: evalProgressPrinter(stderrLine) }),
          });
    writeFileSync(join(outDir, "evaluation.json"), JSON.stringify(results, null, 2));
  }
  await writeReport(outDir);
  return results;
}
