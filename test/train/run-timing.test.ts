/**
 * Issue 20, item 4: the run summary counts the steps trained in this invocation, training time
 * without evaluation time, and evaluation time on its own line; a long evaluation prints progress
 * lines also in a log that is not a terminal.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summary } from "../../compiler/cli/train-output.js";
import { evalProgressPrinter } from "../../runtime/metrics/eval-progress.js";
import { evaluateSpecMetrics } from "../../runtime/metrics/spec-metrics.js";
import { runTraining, type RunResult } from "../../runtime/train/index.js";
import { disposeSpec, fakeDataset, vaeSpec } from "./helpers.js";

let tmp: string;
beforeAll(async () => {
  await tf.setBackend("cpu");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "disc-timing-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("run timing and evaluation progress (issue 20, item 4)", () => {
  it("a resumed run reports the steps of this invocation and training time without evaluation", async () => {
    const outDir = path.join(tmp, "run");
    const first = vaeSpec({ steps: 30, checkpointEvery: 10, logEvery: 10 });
    await runTraining(first, { outDir, quiet: true });
    disposeSpec(first);

    const lines: string[] = [];
    const spec = {
      ...vaeSpec({ steps: 30, checkpointEvery: 10, logEvery: 10 }),
      // a slow periodic evaluation that reports progress as a long metric would
      evaluate: {
        every: 15,
        async run(_step: number, onProgress?: (m: string, n: number, s: number) => void) {
          onProgress?.("factor_vae_score", 64_000, 31);
          await sleep(400);
          return { "eval/factor_vae_score": 0.5 };
        },
      },
    };
    const run: RunResult = await runTraining(spec, {
      outDir,
      resume: true,
      steps: 75,
      output: { write: (s: string) => lines.push(s), isTTY: false },
    });
    disposeSpec(spec);
    expect(run.steps).toBe(75);
    expect(run.startStep).toBe(30);
    expect(run.evaluationSeconds).toBeGreaterThanOrEqual(3 * 0.39); // steps 45, 60, 75
    expect(run.stepsPerSecond).toBeCloseTo(45 / run.seconds, 6);
    const progress = lines.join("").split("\n");
    expect(
      progress.filter((l) => /^evaluating factor_vae_score: 64,000 images/.test(l)),
    ).toHaveLength(3);

    const text = summary(run, 2.5);
    expect(text).toMatch(
      /^trained 45 steps \(step 30 → 75\) in \d+\.\d s \(\d+\.\d\d steps\/s\)$/m,
    );
    expect(text).not.toMatch(/trained 75 steps/);
    expect(text).toMatch(
      /^evaluation during training \d+\.\d s; pictures, metrics and report after training 2\.5 s$/m,
    );
    expect(summary({ ...run, startStep: 0, steps: 45, evaluationSeconds: 0 })).not.toMatch(
      /evaluation|after training|\(step /,
    );
  }, 120_000);

  it("evaluateSpecMetrics reports the images encoded per metric; the printer throttles", async () => {
    const dataset = fakeDataset(128, 12);
    const calls: [string, number][] = [];
    await evaluateSpecMetrics(
      [{ name: "mig", args: { samples: { value: 200 } } }],
      dataset,
      async (x, n) => ({ mu: x.slice(0, n * 2), logvar: new Float32Array(n * 2), dim: 2 }),
      { onProgress: (metric, images) => calls.push([metric, images]) },
    );
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every(([m]) => m === "mig")).toBe(true);
    const counts = calls.map(([, n]) => n);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));

    const out: string[] = [];
    const print = evalProgressPrinter((l) => out.push(l), 30);
    print("mig", 64, 1);
    print("mig", 6400, 31);
    print("mig", 6464, 40);
    print("mig", 12_800, 95);
    print("dci", 64, 2);
    expect(out).toEqual([
      "evaluating mig: 6,400 images encoded (31 s)",
      "evaluating mig: 12,800 images encoded (1 min 35 s)",
    ]);
  });
});
