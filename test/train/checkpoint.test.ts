import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  pruneCheckpoints,
  restoreCheckpoint,
  writeCheckpoint,
} from "../../runtime/checkpoint/index.js";
import { Progress, formatDuration } from "../../runtime/train/index.js";
import { infoganBatchNorm } from "../../stdlib/networks/conv28.js";

/** A small dense → InfoGAN BatchNorm → lrelu → dense net (conv28's layer kinds, cpu-sized). */
function bnNet(seed: number, out = 1): tf.LayersModel {
  const input = tf.input({ shape: [6] });
  let h = tf.layers
    .dense({ units: 5, useBias: false, kernelInitializer: tf.initializers.glorotUniform({ seed }) })
    .apply(input) as tf.SymbolicTensor;
  h = tf.layers.leakyReLU({ alpha: 0.01 }).apply(infoganBatchNorm().apply(h)) as tf.SymbolicTensor;
  const y = tf.layers
    .dense({ units: out, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: y });
}

let tmp: string;
beforeAll(async () => {
  await tf.setBackend("cpu");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "disc-ckpt-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("checkpoints", () => {
  it("restore BatchNorm moving statistics (non-trainable weights) and Adam slots exactly", async () => {
    const d = bnNet(4);
    const opt = tf.train.adam(1e-3);
    const vars = d.trainableWeights.map((w) => w.read() as tf.Variable);
    const x = tf.randomUniform([4, 6], 0, 1, "float32", 1);
    for (let i = 0; i < 2; i++) {
      opt.minimize(
        () => tf.mean(d.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
        false,
        vars,
      );
    }
    const root = path.join(tmp, "bn");
    await writeCheckpoint(root, {
      networks: { discriminator: d },
      optimizer: opt,
      state: { step: 2 },
    });
    const d2 = bnNet(4);
    const opt2 = tf.train.adam(1e-3);
    const st = await restoreCheckpoint(path.join(root, "step-2"), {
      networks: { discriminator: d2 },
      optimizer: opt2,
    });
    expect(st.step).toBe(2);
    const all = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
    // moving means moved away from their initial zeros and came back intact
    const movingMean = d.getWeights().find((_, i) => d.weights[i]!.name.includes("moving_mean"))!;
    expect(tf.max(tf.abs(movingMean)).dataSync()[0]).toBeGreaterThan(0);
    expect(all(d2)).toEqual(all(d));
    const ow = async (o: tf.Optimizer) =>
      (await o.getWeights()).map((w) => Array.from(w.tensor.dataSync()));
    expect(await ow(opt2)).toEqual(await ow(opt));
    // the same step from both gives the same weights
    opt.minimize(
      () => tf.mean(d.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      false,
      vars,
    );
    opt2.minimize(
      () => tf.mean(d2.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      false,
      d2.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    expect(all(d2)).toEqual(all(d));
  });

  it("rejects a checkpoint whose network shapes differ", async () => {
    const a = bnNet(0);
    const b = bnNet(0, 3);
    const root = path.join(tmp, "mismatch");
    await writeCheckpoint(root, {
      networks: { d: a },
      optimizer: tf.train.sgd(0.1),
      state: { step: 1 },
    });
    await expect(
      restoreCheckpoint(path.join(root, "step-1"), {
        networks: { d: b },
        optimizer: tf.train.sgd(0.1),
      }),
    ).rejects.toThrow(/shape \[5,1\] in the checkpoint, \[5,3\] in the model/);
  });

  it("prunes old checkpoints, keeping the newest and latest", async () => {
    const root = path.join(tmp, "prune");
    for (const s of [1, 2, 3, 4]) fs.mkdirSync(path.join(root, `step-${s}`), { recursive: true });
    fs.writeFileSync(path.join(root, "latest"), "step-4\n");
    pruneCheckpoints(root, 2);
    expect(fs.readdirSync(root).sort()).toEqual(["latest", "step-3", "step-4"]);
  });
});

describe("progress output", () => {
  it("prints a line every logEvery steps when not a TTY", () => {
    let out = "";
    const p = new Progress({
      total: 4,
      tty: false,
      quiet: false,
      logEvery: 2,
      write: (s) => (out += s),
    });
    for (let s = 1; s <= 4; s++) p.update(s, 2, { recon: 123.456, kl: 0.0001234 });
    expect(out.split("\n").filter(Boolean)).toEqual([
      "step 2/4  2.00 steps/s  ETA 1s  recon 123.5  kl 1.234e-4",
      "step 4/4  2.00 steps/s  ETA 0s  recon 123.5  kl 1.234e-4",
    ]);
  });
  it("redraws one line on a TTY with bar, rate and ETA", () => {
    let out = "";
    const p = new Progress({
      total: 1000,
      tty: true,
      quiet: false,
      logEvery: 100,
      write: (s) => (out += s),
    });
    p.update(250, 5, { total: 10 });
    expect(out).toMatch(
      /^\r\x1b\[2K█{5}░{15}  25% step 250\/1000  5\.00 steps\/s  ETA 2m30s  total 10\.00$/,
    );
    expect(formatDuration(3725)).toBe("1h02m");
  });
});
