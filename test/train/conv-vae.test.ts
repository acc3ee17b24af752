import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../runtime/backend/select.js";
import { runTraining, type LogRecord } from "../../runtime/train/index.js";
import { disposeSpec, vaeSpec, weightsOf } from "./helpers.js";

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "disc-conv-"));
});
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await tf.setBackend("cpu");
});

describe("conv64/deconv64 VAE on 32×32", () => {
  it("cpu: 4 steps == 2 steps + resume 2, bit for bit", async () => {
    await selectBackend("cpu", { quiet: true });
    const o = { conv: true, size: 32, batchSize: 4, steps: 4, checkpointEvery: 2, lr: 1e-3 };
    const full = vaeSpec(o);
    await runTraining(full, { outDir: path.join(tmp, "a"), quiet: true });
    const first = vaeSpec(o);
    await runTraining(first, { outDir: path.join(tmp, "b"), steps: 2, quiet: true });
    disposeSpec(first);
    const second = vaeSpec(o);
    await runTraining(second, { outDir: path.join(tmp, "b"), resume: true, quiet: true });
    expect(weightsOf(second)).toEqual(weightsOf(full));
    disposeSpec(full);
    disposeSpec(second);
  });

  it("wasm: 40 steps train with a falling loss and no leaks", async () => {
    await selectBackend("wasm", { quiet: true });
    expect(tf.getBackend()).toBe("wasm");
    const spec = vaeSpec({
      conv: true,
      size: 32,
      batchSize: 16,
      steps: 40,
      checkpointEvery: 0,
      logEvery: 1,
      lr: 2e-3,
    });
    const logs: LogRecord[] = [];
    const counts: number[] = [];
    const res = await runTraining(spec, {
      outDir: path.join(tmp, "w"),
      quiet: true,
      onLog: (r) => {
        logs.push(r);
        counts.push(tf.memory().numTensors);
      },
    });
    const mean = (a: LogRecord[]) => a.reduce((s, r) => s + r.total, 0) / a.length;
    // 1024 Bernoulli pixels: starts near 1024·log 2 ≈ 710 nats
    expect(mean(logs.slice(0, 5))).toBeGreaterThan(mean(logs.slice(-5)) + 100);
    expect(new Set(counts.slice(1)).size).toBe(1);
    console.log(
      `wasm conv VAE 32×32 B16: ${res.stepsPerSecond.toFixed(1)} steps/s; total ${mean(logs.slice(0, 5)).toFixed(0)} → ${mean(logs.slice(-5)).toFixed(0)} nats`,
    );
    disposeSpec(spec);
  });
});
