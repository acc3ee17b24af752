import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { selectBackend } from "../../runtime/backend/select.js";
import { randn, relErr } from "./helpers.js";

/** CPU ticks (user + system) per thread of this process, from /proc (Linux). */
function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of readdirSync("/proc/self/task")) {
    const fields = (readFileSync(`/proc/self/task/${t}/stat`, "utf8").split(") ")[1] ?? "").split(
      " ",
    );
    out.set(t, Number(fields[11]) + Number(fields[12]));
  }
  return out;
}

describe("multithreaded wasm (opt-in)", () => {
  it("runs 2 XNNPACK threads that both do work, with cpu-identical results", async () => {
    const sel = await selectBackend("wasm", { quiet: true, threads: 2 });
    expect(sel.detail).toMatch(/2 threads/);
    expect(getThreadsCount()).toBe(2);

    // Correctness with threads: conv forward + both gradients against cpu.
    const xv = randn(4 * 16 * 16 * 8, 1);
    const wv = randn(4 * 4 * 8 * 8, 2);
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(xv, [4, 16, 16, 8]);
        const w = tf.tensor4d(wv, [4, 4, 8, 8]);
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf
            .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, "same")
            .square()
            .sum();
        return tf
          .grads(f)([x, w])
          .map((g) => Float32Array.from(g.dataSync()));
      });
    const got = run();
    await tf.setBackend("cpu");
    const ref = run();
    ref.forEach((r, i) => expect(relErr(got[i] as Float32Array, r)).toBeLessThan(1e-4));
    await tf.setBackend("wasm");

    // The second thread must really compute: it should take a sizable share of the CPU time
    // of a batch of large matmuls (fails if the pool silently degrades to one thread). The pool
    // steals work, so on a saturated machine the share drops; the bound leaves room for that.
    if (!existsSync("/proc/self/task")) return;
    const a = tf.randomNormal([512, 1200]);
    const b = tf.randomNormal([1200, 1200]);
    const before = threadTicks();
    for (let i = 0; i < 12; i++) {
      const y = tf.matMul(a, b);
      y.dataSync();
      y.dispose();
    }
    const deltas = [...threadTicks()]
      .map(([t, v]) => v - (before.get(t) ?? 0))
      .sort((p, q) => q - p);
    const total = deltas.reduce((s, d) => s + d, 0);
    expect(deltas[1] ?? 0).toBeGreaterThan(0.08 * total); // one thread: ~1 %; two: ~45 % idle machine
    tf.dispose([a, b]);
  });
});
