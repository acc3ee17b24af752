/**
 * The `quickstart` row of `npm run bench`: one training step of the trainer disc generates for
 * examples/quickstart.dis (β-TCVAE, MSS, conv64/deconv64 built with tf.layers, 64×64 procedural
 * dSprites, batch 64) — what `npm run quickstart` runs, minus logging and checkpoints: the next
 * batch from the data stream (rendered on the training thread unless prefetched), the generated
 * `lossTerms` under `trainStep`, and the batch's disposal.
 */
import * as tf from "@tensorflow/tfjs";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { register } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "../compiler/index.js";
import { loadDataset } from "../runtime/index.js";
import { createBatchStream } from "../runtime/data/batches.js";
import { createRng } from "../runtime/data/rng.js";
import { trainableVariables } from "../runtime/train/loop.js";
import { disposeContext, trainStep } from "../runtime/train/step.js";
import { adam } from "../stdlib/index.js";

register("../bin/resolve-hook.js", import.meta.url);

/** A compiled quickstart trainer, ready to step: `step()` runs one step and returns its total loss (nats). */
export async function quickstartStepper(): Promise<{
  step(): number;
  dataMs: number[];
  dispose(): void;
}> {
  const specPath = new URL("../examples/quickstart.dis", import.meta.url);
  const r = await compile(readFileSync(specPath, "utf8"), "quickstart.dis");
  const program = Object.values(r.files)[0];
  if (program === undefined)
    throw new Error("bench quickstart: examples/quickstart.dis did not compile");
  const dir = mkdtempSync(join(tmpdir(), "disc-bench-"));
  writeFileSync(join(dir, "trainer.ts"), program);
  const mod = await import(pathToFileURL(join(dir, "trainer.ts")).href);
  const hp = mod.hyperparameters;
  const dataset = await loadDataset("dsprites", hp.data);
  const nets = mod.buildNetworks(hp);
  const optimizer = adam.create(hp.optimizer);
  const rng = createRng(hp.seed);
  const stream = createBatchStream(dataset, hp.batchSize, rng.seed());
  const varList = trainableVariables({ ...nets });
  let i = 0;
  const dataMs: number[] = [];
  return {
    dataMs,
    step() {
      const t0 = performance.now();
      const batch = stream.next();
      dataMs.push(performance.now() - t0);
      try {
        const res = trainStep(
          (b, s, g) => mod.lossTerms(nets, b, s, g, dataset.size, {}, hp),
          optimizer,
          varList,
          batch,
          i++,
          rng,
          hp.clipNorm,
        );
        disposeContext(res.context);
        return res.values["total"] ?? NaN;
      } finally {
        tf.dispose([batch.x, batch.y].filter((t) => t !== undefined) as tf.Tensor[]);
      }
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
