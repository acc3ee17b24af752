/**
 * The native backend (`--backend tensorflow`): @tensorflow/tfjs-node-gpu (CUDA 11.2 + cuDNN 8.1,
 * set TF_FORCE_GPU_ALLOW_GROWTH=true) or @tensorflow/tfjs-node. They cannot install on the
 * project's offline machines, so this runs only where one is installed and is skipped (with the
 * reason in its name) elsewhere. Where it runs: a conv β-VAE training step through trainStep on
 * "tensorflow" matches the cpu backend, and the detail names the package.
 */
import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import { selectBackend, TENSORFLOW_INSTALL_HELP } from "../../runtime/backend/select.js";
import { convBetaVae } from "../../runtime/backend/probe-models.js";
import { createRng } from "../../runtime/data/rng.js";
import { trainStep } from "../../runtime/train/step.js";
import { randn, relErr } from "./helpers.js";

const require = createRequire(import.meta.url);
const installed = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"].find((p) => {
  try {
    require.resolve(p);
    return true;
  } catch {
    return false;
  }
});

/** Loss after 2 Adam steps and the final weights of a batch-2 conv β-VAE on the active backend. */
function twoSteps(): { loss: number; w: Float32Array } {
  const m = convBetaVae({ seed: 9 });
  const opt = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const x = tf.tensor4d(
    Float32Array.from(randn(2 * 4096, 1), (u) => (u > 0 ? 1 : 0)),
    [2, 64, 64, 1],
  );
  const eps = tf.tensor2d(randn(20, 2), [2, 10]);
  let loss = NaN;
  for (let i = 0; i < 2; i++)
    loss = trainStep(
      () => ({ terms: {}, total: m.loss(x, eps) }),
      opt,
      m.params,
      { x },
      i,
      createRng(1),
      0,
    ).values["total"]!;
  const w = Float32Array.from(m.params[0]!.dataSync());
  opt.dispose();
  m.dispose();
  tf.dispose([x, eps]);
  return { loss, w };
}

describe("--backend tensorflow (tfjs-node / tfjs-node-gpu)", () => {
  it.skipIf(installed === undefined)(
    installed === undefined
      ? "SKIPPED: neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed (offline machine; see bench/README.md)"
      : `trains a conv β-VAE step on ${installed} matching the cpu backend`,
    async () => {
      const sel = await selectBackend("tensorflow", { quiet: true });
      expect(sel.name).toBe("tensorflow");
      expect(sel.detail).toContain(installed!);
      const got = twoSteps();
      await tf.setBackend("cpu");
      const ref = twoSteps();
      expect(Math.abs(got.loss - ref.loss) / Math.abs(ref.loss)).toBeLessThan(1e-4);
      expect(relErr(got.w, ref.w)).toBeLessThan(1e-4);
    },
    600_000,
  );

  it.runIf(installed === undefined)(
    "without the package, selecting it fails with the install help",
    async () => {
      await expect(selectBackend("tensorflow", { quiet: true })).rejects.toThrow(
        TENSORFLOW_INSTALL_HELP.split("\n")[0]!,
      );
    },
  );
});
