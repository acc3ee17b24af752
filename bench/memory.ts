/**
 * Largest batch that trains on wasm (npx tsx bench/memory.ts conv|mlp B...): for each batch
 * size, in a fresh child process, runs 2 training steps of the probe model through trainStep
 * and prints the wasm heap size (GiB) after them, or the out-of-memory error. One JSON line
 * per batch size. The wasm32 heap is capped at 4 GiB and never shrinks.
 */
import * as tf from "@tensorflow/tfjs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { selectBackend } from "../runtime/backend/select.js";
import { convBetaVae, mlpVae } from "../runtime/backend/probe-models.js";
import { wasmHeapBytes } from "../runtime/backend/memory.js";
import { createRng } from "../runtime/data/rng.js";
import { trainStep } from "../runtime/train/step.js";

const [which = "conv", ...sizes] = process.argv.slice(2);

async function child(B: number): Promise<void> {
  await selectBackend("wasm", { quiet: true });
  const m = which === "conv" ? convBetaVae() : mlpVae();
  const opt = tf.train.adam(5e-4, 0.9, 0.999, 1e-8);
  const x = tf.tidy(() =>
    tf.randomUniform([B, 64, 64, 1]).greater(0.5).cast("float32"),
  ) as tf.Tensor4D;
  const eps = tf.randomNormal([B, 10]);
  try {
    for (let i = 0; i < 2; i++)
      trainStep(
        () => ({ terms: {}, total: m.loss(x, eps) }),
        opt,
        m.params,
        { x },
        i,
        createRng(1),
        0,
      );
    console.log(
      JSON.stringify({
        model: which,
        batch: B,
        ok: true,
        heapGiB: (wasmHeapBytes() ?? 0) / 2 ** 30,
        rssGiB: process.memoryUsage().rss / 2 ** 30,
      }),
    );
  } catch (e) {
    console.log(
      JSON.stringify({
        model: which,
        batch: B,
        ok: false,
        error: String((e as Error).message).slice(0, 160),
      }),
    );
  }
}

if (process.env["DISC_MEMORY_CHILD"]) {
  await child(Number(sizes[0]));
} else {
  for (const s of sizes) {
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), which, s],
      {
        env: { ...process.env, DISC_MEMORY_CHILD: "1" },
        encoding: "utf8",
      },
    );
    const line = (r.stdout ?? "").trim().split("\n").pop();
    console.log(
      line ||
        JSON.stringify({
          model: which,
          batch: Number(s),
          ok: false,
          error: `exit ${r.status}: ${(r.stderr ?? "").slice(-200)}`,
        }),
    );
  }
}
