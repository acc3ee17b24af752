/**
 * End to end: examples/diffusion-ae.dis, with a smaller U-Net (channels 8, two levels) and
 * batch 16 so it fits the test budget, is compiled, its generated program imported, and its
 * lossTerms trained for 30 steps on 32×32 dSprites (wasm). The ε-prediction MSE starts at 1
 * (zero-initialised output) and must fall; decode() must render images in [0, 1].
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import {
  loadDataset,
  runTraining,
  selectBackend,
  type LogRecord,
  type TrainerSpec,
} from "../../runtime/index.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const OUT = join(REPO, "test", ".generated", "diffusion-ae");

interface Program {
  hyperparameters: { data: Record<string, unknown>; seed: number; batchSize: number };
  buildNetworks(): Record<string, tf.LayersModel>;
  lossTerms: (nets: never, ...rest: never[]) => ReturnType<TrainerSpec["loss"]>;
  decode(nets: never, z: tf.Tensor2D): tf.Tensor4D;
}

describe("diffusion-ae trains", () => {
  it("30 steps on 32×32 dSprites: the denoising loss falls", { timeout: 240_000 }, async () => {
    const text = readFileSync(join(REPO, "examples", "diffusion-ae.dis"), "utf8")
      .replace("data dsprites(batch: 32, size: 32)", "data dsprites(batch: 16, size: 32)")
      .replace(
        "unet(channels: 32)",
        "unet(channels: 8, multipliers: [1, 2], groups: 4, time_dim: 32)",
      );
    const r = await compile(text, "diffusion-ae.dis");
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const program = Object.values(r.files)[0] ?? "";
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, "diffusion_ae.trainer.ts");
    writeFileSync(file, program);
    const mod = (await import(pathToFileURL(file).href)) as Program;
    await selectBackend("wasm", { quiet: true });
    const hp = mod.hyperparameters;
    const dataset = await loadDataset("dsprites", hp.data as never);
    const nets = mod.buildNetworks();
    const logs: LogRecord[] = [];
    await runTraining(
      {
        name: "diffusion_ae",
        config: {},
        seed: hp.seed,
        steps: 30,
        logEvery: 1,
        checkpointEvery: 0,
        clipNorm: 0,
        networks: nets,
        optimizer: tf.train.adam(2e-3),
        data: { dataset, batchSize: hp.batchSize },
        loss: (batch, step, rng) =>
          mod.lossTerms(
            nets as never,
            batch as never,
            step as never,
            rng as never,
            dataset.size as never,
          ),
      },
      { outDir: join(OUT, "run"), quiet: true, onLog: (rec) => logs.push(rec) },
    );
    const loss = logs.map((l) => l["denoise_x"] as number);
    expect(loss).toHaveLength(30);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(loss.slice(0, 3))).toBeGreaterThan(0.9);
    expect(mean(loss.slice(-10))).toBeLessThan(0.5 * mean(loss.slice(0, 3)));
    const images = tf.tidy(() => mod.decode(nets as never, tf.zeros([2, 10])));
    expect(images.shape).toEqual([2, 32, 32, 1]);
    const v = images.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    images.dispose();
  });
});
