import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fileLoadHandler,
  latestCheckpoint,
  writeCheckpoint,
} from "../../runtime/checkpoint/index.js";
import {
  clipByGlobalNorm,
  runTraining,
  TrainingInterrupted,
  type LogRecord,
} from "../../runtime/train/index.js";
import type { TermState } from "../../stdlib/types.js";
import { disposeSpec, vaeSpec, weightsOf } from "./helpers.js";

let tmp: string;
beforeAll(async () => {
  await tf.setBackend("cpu");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "disc-train-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const dir = (name: string) => path.join(tmp, name);

/** A term state with its own variable, optimizer and RNG: fits w so that z·w ≈ noise (exercises checkpointing). */
function probeState(seed: number): TermState {
  const w = tf.variable(tf.zeros([3, 1]), true, `probe_w_${seed}_${Math.random()}`);
  const opt = tf.train.adam(0.05);
  let s = seed >>> 0;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return {
    variables: [w],
    optimizer: opt,
    update(ctx) {
      const z = ctx.latents["z"]!.sample;
      const noise = tf.tensor2d(Array.from({ length: z.shape[0] }, rand), [z.shape[0], 1]);
      const cost = opt.minimize(
        () => tf.mean(tf.square(tf.sub(tf.matMul(z, w), noise))) as tf.Scalar,
        true,
        [w],
      );
      const v = cost!.dataSync()[0]!;
      cost!.dispose();
      noise.dispose();
      return { loss: v };
    },
    saveState: () => s,
    restoreState: (st) => {
      s = st as number;
    },
    dispose() {
      w.dispose();
      opt.dispose();
    },
  };
}

describe("runTraining", () => {
  it("trains a VAE (recon + kl) for 50 steps with a falling loss and writes config/metrics", async () => {
    const spec = vaeSpec({ steps: 50, logEvery: 10, checkpointEvery: 0 });
    const totals: number[] = [];
    const t0 = performance.now();
    const res = await runTraining(spec, {
      outDir: dir("fall"),
      quiet: true,
      onLog: (r) => totals.push(r.total),
    });
    const ms = performance.now() - t0;
    expect(res.steps).toBe(50);
    expect(totals).toHaveLength(5);
    // Bernoulli NLL of 144 pixels starts near 144·log 2 ≈ 100 nats and must fall well below it.
    expect(totals[0]!).toBeGreaterThan(totals[4]! + 15);
    expect(res.last["recon"]! + res.last["kl"]!).toBeCloseTo(res.last["total"]!, 3);
    const lines = fs
      .readFileSync(path.join(dir("fall"), "metrics.jsonl"), "utf8")
      .trim()
      .split("\n");
    const recs = lines.map((l) => JSON.parse(l) as LogRecord);
    expect(recs.map((r) => r.step)).toEqual([10, 20, 30, 40, 50]);
    expect(Object.keys(recs[0]!).sort()).toEqual([
      "kl",
      "kl_per_latent",
      "recon",
      "step",
      "time",
      "total",
    ]);
    // the batch's KL per latent dimension (nats), logged with the terms: it sums to the kl term
    const perLatent = (recs[4] as unknown as { kl_per_latent: { z: number[] } }).kl_per_latent.z;
    expect(perLatent).toHaveLength(3);
    expect(perLatent.reduce((a, b) => a + b, 0)).toBeCloseTo(res.last["kl"]!, 3);
    expect(JSON.parse(fs.readFileSync(path.join(dir("fall"), "config.json"), "utf8"))).toEqual(
      spec.config,
    );
    expect(fs.readFileSync(path.join(dir("fall"), "checkpoints", "latest"), "utf8").trim()).toBe(
      "step-50",
    );
    console.log(
      `50 MLP-VAE steps: ${ms.toFixed(0)} ms; total ${totals[0]!.toFixed(1)} → ${totals[4]!.toFixed(1)} nats`,
    );
    disposeSpec(spec);
  });

  it("resumes bit for bit: 10 steps == 5 steps + resume 5 (with a term state)", async () => {
    const full = vaeSpec({ steps: 10, termStates: { probe: probeState(9) } });
    const fullLogs: LogRecord[] = [];
    await runTraining(full, { outDir: dir("full"), quiet: true, onLog: (r) => fullLogs.push(r) });

    const first = vaeSpec({ steps: 10, termStates: { probe: probeState(9) } });
    await runTraining(first, { outDir: dir("split"), steps: 5, quiet: true });
    disposeSpec(first);
    const second = vaeSpec({ steps: 10, termStates: { probe: probeState(9) } });
    const logs: LogRecord[] = [];
    const res = await runTraining(second, {
      outDir: dir("split"),
      resume: true,
      quiet: true,
      onLog: (r) => logs.push(r),
    });
    expect(res.steps).toBe(10);
    expect(logs.map((r) => r.step)).toEqual([6, 7, 8, 9, 10]);
    expect(weightsOf(second)).toEqual(weightsOf(full));
    expect(Array.from(second.termStates!["probe"]!.variables[0]!.dataSync())).toEqual(
      Array.from(full.termStates!["probe"]!.variables[0]!.dataSync()),
    );
    const strip = (r: LogRecord) => ({ ...r, time: 0 });
    expect(logs.map(strip)).toEqual(fullLogs.slice(5).map(strip));
    // metrics.jsonl of the resumed run holds each step exactly once
    const steps = fs
      .readFileSync(path.join(dir("split"), "metrics.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    disposeSpec(full);
    disposeSpec(second);
  });

  it("leaks no tensors across steps", async () => {
    const spec = vaeSpec({ steps: 12, checkpointEvery: 4, termStates: { probe: probeState(3) } });
    const counts: number[] = [];
    await runTraining(spec, {
      outDir: dir("leak"),
      quiet: true,
      onLog: () => counts.push(tf.memory().numTensors),
    });
    // after step 1 the optimizers' slots exist; from then on the count is flat
    expect(new Set(counts.slice(1)).size).toBe(1);
    disposeSpec(spec);
  });

  it("writes complete checkpoints that tf.loadLayersModel reads through the file handler", async () => {
    const spec = vaeSpec({ steps: 4, checkpointEvery: 2 });
    await runTraining(spec, { outDir: dir("files"), quiet: true });
    const ck = latestCheckpoint(path.join(dir("files"), "checkpoints"))!;
    expect(path.basename(ck)).toBe("step-4");
    const files = fs.readdirSync(ck).sort();
    expect(files).toEqual(["decoder", "encoder", "optimizer.bin", "optimizer.json", "state.json"]);
    expect(fs.readdirSync(path.join(ck, "encoder")).sort()).toEqual(["model.json", "weights.bin"]);
    const state = JSON.parse(fs.readFileSync(path.join(ck, "state.json"), "utf8"));
    expect(state.step).toBe(4);
    expect(state.stream).toHaveProperty("offset");
    const enc = await tf.loadLayersModel(fileLoadHandler(path.join(ck, "encoder")));
    const x = tf.randomUniform([2, 12, 12, 1], 0, 1, "float32", 5);
    const a = (enc.predict(x) as tf.Tensor).dataSync();
    const b = (spec.networks["encoder"]!.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    // weights.bin holds every float: encoder 144·32+32 + 32·6+6
    expect(fs.statSync(path.join(ck, "encoder", "weights.bin")).size).toBe(
      4 * (144 * 32 + 32 + 32 * 6 + 6),
    );
    enc.dispose();
    disposeSpec(spec);
  });

  it("a killed checkpoint write leaves latest on the previous complete checkpoint", async () => {
    const spec = vaeSpec({ steps: 5, checkpointEvery: 5 });
    await runTraining(spec, { outDir: dir("kill"), quiet: true });
    const root = path.join(dir("kill"), "checkpoints");
    await expect(
      writeCheckpoint(
        root,
        { networks: spec.networks, optimizer: spec.optimizer, state: { step: 6 } },
        {
          beforeCommit: () => {
            throw new Error("killed");
          },
        },
      ),
    ).rejects.toThrow("killed");
    expect(fs.readdirSync(root).filter((e) => e.startsWith(".tmp-step-6"))).toHaveLength(1);
    expect(fs.existsSync(path.join(root, "step-6"))).toBe(false);
    expect(path.basename(latestCheckpoint(root)!)).toBe("step-5");
    disposeSpec(spec);
    // resuming from it works and the next write removes the stale temp folder
    const again = vaeSpec({ steps: 7, checkpointEvery: 5 });
    const res = await runTraining(again, { outDir: dir("kill"), resume: true, quiet: true });
    expect(res.steps).toBe(7);
    expect(fs.readdirSync(root).filter((e) => e.startsWith(".tmp-"))).toEqual([]);
    disposeSpec(again);
  });

  it("an abort signal stops training with a final checkpoint and rejects with TrainingInterrupted", async () => {
    const spec = vaeSpec({ steps: 100, checkpointEvery: 50 });
    const ac = new AbortController();
    const checkpoints: number[] = [];
    const error = await runTraining(spec, {
      outDir: dir("abort"),
      quiet: true,
      signal: ac.signal,
      onLog: (r) => r.step === 3 && ac.abort("SIGTERM"),
      onCheckpoint: (step) => checkpoints.push(step),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingInterrupted);
    const e = error as TrainingInterrupted;
    expect([e.result.steps, e.reason, e.exitCode]).toEqual([3, "SIGTERM", 143]);
    expect(checkpoints).toEqual([3]);
    expect(path.basename(latestCheckpoint(path.join(dir("abort"), "checkpoints"))!)).toBe("step-3");
    disposeSpec(spec);
  });

  it("SIGINT while training (the loop's own handler) rejects with reason SIGINT after a checkpoint", async () => {
    const spec = vaeSpec({ steps: 100, checkpointEvery: 50 });
    const listeners = process.listenerCount("SIGINT");
    const error = await runTraining(spec, {
      outDir: dir("sigint"),
      quiet: true,
      onLog: (r) => r.step === 2 && process.emit("SIGINT", "SIGINT"),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingInterrupted);
    expect((error as TrainingInterrupted).exitCode).toBe(130);
    expect(path.basename(latestCheckpoint(path.join(dir("sigint"), "checkpoints"))!)).toBe(
      "step-2",
    );
    expect(process.listenerCount("SIGINT")).toBe(listeners);
    disposeSpec(spec);
  });

  it("rejects an invalid spec with every problem listed", async () => {
    const spec = vaeSpec();
    await expect(
      runTraining({ ...spec, steps: -1, logEvery: 0, clipNorm: -2 }, { outDir: dir("bad") }),
    ).rejects.toThrow(/steps must be.*\n.*logEvery.*\n.*clipNorm/s);
    disposeSpec(spec);
  });

  it("reports a non-finite loss with the step and term values", async () => {
    const spec = vaeSpec({ steps: 3 });
    const bad: typeof spec = {
      ...spec,
      loss: (b, s, r) => {
        const { terms } = spec.loss(b, s, r);
        return {
          terms: { nan: tf.mul(terms.recon!, NaN) as tf.Scalar },
          total: tf.mul(terms.recon!, NaN) as tf.Scalar,
        };
      },
    };
    await expect(runTraining(bad, { outDir: dir("nan"), quiet: true })).rejects.toThrow(
      /step 1: the loss is NaN \(nan = NaN\); no checkpoint was written before it/,
    );
    const unconnected = { ...spec, loss: () => ({ terms: {}, total: tf.scalar(1) }) };
    await expect(runTraining(unconnected, { outDir: dir("nan2"), quiet: true })).rejects.toThrow(
      /does not depend on any trainable weight/,
    );
    disposeSpec(spec);
  });
});

describe("clipByGlobalNorm", () => {
  it("scales all gradients by clip / global norm when the norm exceeds clip", () => {
    tf.tidy(() => {
      const { grads, norm } = clipByGlobalNorm([tf.tensor1d([3, 0]), tf.tensor1d([0, 4])], 1);
      expect(norm.dataSync()[0]).toBeCloseTo(5, 6);
      expect(Array.from(grads[0]!.dataSync())).toEqual([expect.closeTo(0.6, 6), 0]);
      expect(Array.from(grads[1]!.dataSync())).toEqual([0, expect.closeTo(0.8, 6)]);
      const same = clipByGlobalNorm([tf.tensor1d([0.3, 0.4])], 1);
      expect(Array.from(same.grads[0]!.dataSync())).toEqual([
        expect.closeTo(0.3, 6),
        expect.closeTo(0.4, 6),
      ]);
    });
  });
});
