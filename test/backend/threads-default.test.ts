/**
 * wasm threads are on by default on a multi-core machine: a plain selectBackend("wasm") (what
 * generated trainers call through "auto") must run 2 XNNPACK threads that both compute. Fails
 * if the thread count silently drops to 1.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import * as os from "node:os";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { defaultWasmThreads, selectBackend } from "../../runtime/backend/select.js";

/** CPU ticks (user + system) per thread of this process, from /proc (Linux). */
function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of readdirSync("/proc/self/task")) {
    const f = (readFileSync(`/proc/self/task/${t}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
    out.set(t, Number(f[11]) + Number(f[12]));
  }
  return out;
}

describe("default wasm thread count", () => {
  const saved = process.env["DISC_WASM_THREADS"];
  afterEach(() => {
    if (saved === undefined) delete process.env["DISC_WASM_THREADS"];
    else process.env["DISC_WASM_THREADS"] = saved;
  });

  it("is 2 on ≥ 2 cores, overridable by DISC_WASM_THREADS, and rejects bad values", () => {
    delete process.env["DISC_WASM_THREADS"];
    expect(defaultWasmThreads()).toBe(os.cpus().length >= 2 ? 2 : 1);
    process.env["DISC_WASM_THREADS"] = "1";
    expect(defaultWasmThreads()).toBe(1);
    process.env["DISC_WASM_THREADS"] = "two";
    expect(() => defaultWasmThreads()).toThrow(
      /DISC_WASM_THREADS must be a positive integer, got 'two'/,
    );
  });

  it("selectBackend('wasm') with no options runs 2 threads that both do work", async () => {
    delete process.env["DISC_WASM_THREADS"];
    if (os.cpus().length < 2) return; // single-core machine: 1 thread is the intended default
    const sel = await selectBackend("wasm", { quiet: true });
    expect(sel.detail).toMatch(/2 threads/);
    expect(getThreadsCount()).toBe(2);
    // Later calls without `threads` keep the initialised count (what "auto" does again).
    expect((await selectBackend("wasm", { quiet: true })).detail).toMatch(/2 threads/);
    if (!existsSync("/proc/self/task")) return;
    const a = tf.randomNormal([512, 1200]);
    const b = tf.randomNormal([1200, 1200]);
    const before = threadTicks();
    for (let i = 0; i < 12; i++) tf.tidy(() => tf.matMul(a, b).dataSync());
    const deltas = [...threadTicks()]
      .map(([t, v]) => v - (before.get(t) ?? 0))
      .sort((p, q) => q - p);
    const total = deltas.reduce((s, d) => s + d, 0);
    // One thread gives ~1 %; two give ~30-50 % on an idle machine, less when other test files
    // compete for the cores, so the bar sits well between the two.
    expect(deltas[1] ?? 0).toBeGreaterThan(0.03 * total);
    tf.dispose([a, b]);
  });
});
