/**
 * A run whose numbers stop being finite: the error names the update as metrics.jsonl numbers it,
 * is a user error, and `latest` stays on the last checkpoint with finite weights (a checkpoint of
 * non-finite weights is never written). An optimizer state that overflowed and a loss that
 * explodes each get one warning.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUserError } from "../../runtime/errors.js";
import { runTraining, type TrainerSpec } from "../../runtime/train/index.js";
import { disposeSpec, vaeSpec } from "./helpers.js";

let tmp: string;
beforeAll(async () => {
  await tf.setBackend("cpu");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "disc-diverge-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const metricSteps = (dir: string) =>
  fs
    .readFileSync(path.join(dir, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { step: number }).step);
const latest = (dir: string) =>
  fs.readFileSync(path.join(dir, "checkpoints", "latest"), "utf8").trim();

/** `spec` with its total replaced by `total(terms, stepIndex)` (stepIndex = updates done before). */
function withTotal(
  spec: TrainerSpec,
  total: (terms: Record<string, tf.Scalar>, s: number) => tf.Scalar,
): TrainerSpec {
  return {
    ...spec,
    loss: (b, s, r) => {
      const out = spec.loss(b, s, r);
      return { ...out, total: total(out.terms, s) };
    },
  };
}

/** x forward, NaN gradient backward. */
const nanGradient = tf.customGrad((x) => ({
  value: tf.mul(x as tf.Tensor, 0),
  gradFunc: (dy) => tf.mul(dy, NaN),
}));

describe("a diverging run", () => {
  it("names the update as metrics.jsonl does and keeps latest on the last checkpoint", async () => {
    const spec = vaeSpec({ steps: 8, checkpointEvery: 2 });
    const bad = withTotal(spec, (t, s) => tf.mul(tf.add(t["recon"]!, t["kl"]!), s === 3 ? NaN : 1));
    const dir = path.join(tmp, "nan");
    const err = await runTraining(bad, { outDir: dir, quiet: true }).catch((e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /^step 4: the loss is NaN \(recon = [\d.]+, kl = [\d.]+\); checkpoints\/latest stays on step-2/,
    );
    expect(metricSteps(dir)).toEqual([1, 2, 3]); // step 3 is the last good update, step 4 the NaN
    expect(latest(dir)).toBe("step-2");
    disposeSpec(spec);
  });

  it("never checkpoints weights that stopped being finite", async () => {
    const spec = vaeSpec({ steps: 6, checkpointEvery: 1 });
    const bad = withTotal(spec, (t, s) => {
      const loss = tf.add(t["recon"]!, t["kl"]!) as tf.Scalar;
      return s === 1 ? (tf.add(loss, nanGradient(t["kl"]!)) as tf.Scalar) : loss;
    });
    const dir = path.join(tmp, "nan-weights");
    const err = await runTraining(bad, { outDir: dir, quiet: true }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /^step 2: the weights are not finite after this update .*checkpoints\/latest stays on step-1/,
    );
    expect(latest(dir)).toBe("step-1");
    expect(fs.existsSync(path.join(dir, "checkpoints", "step-2"))).toBe(false);
    disposeSpec(spec);
  });

  it("warns once when Adam's second moments overflow (a loss weight of 1e38)", async () => {
    const spec = vaeSpec({ steps: 4, checkpointEvery: 2 });
    const big = withTotal(spec, (t) => tf.add(t["recon"]!, tf.mul(1e38, t["kl"]!)) as tf.Scalar);
    let said = "";
    await runTraining(big, {
      outDir: path.join(tmp, "overflow"),
      quiet: true,
      output: { write: (s) => void (said += s) },
    });
    expect(said).toMatch(/warning: step 1: the main optimizer's state is not finite/);
    expect(said.match(/optimizer's state is not finite/g)).toHaveLength(1);
    disposeSpec(spec);
  });

  it("warns once when the loss explodes (lr 10)", async () => {
    const spec = vaeSpec({ steps: 12, lr: 10, checkpointEvery: 0 });
    let said = "";
    await runTraining(spec, {
      outDir: path.join(tmp, "explode"),
      quiet: true,
      output: { write: (s) => void (said += s) },
    }).catch(() => undefined); // it may also end in a NaN
    expect(said).toMatch(/warning: step \d+: the loss is [\d.e+]+, over 10000× the first step's/);
    expect(said.match(/over 10000×/g)).toHaveLength(1);
    disposeSpec(spec);
  });
});
