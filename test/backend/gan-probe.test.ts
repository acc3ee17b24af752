import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import {
  ganGStep,
  ganInputs,
  ganOptimizers,
  ganStep,
  infoGanProbe,
} from "../../runtime/backend/probe-gan.js";
import { createRng } from "../../runtime/data/rng.js";
import { backendBuffers, initBackends } from "./helpers.js";

/** D and G losses at initialisation on one backend (batch 8, fixed seeds). */
async function initLosses(backend: string): Promise<{ d: number; g: number }> {
  await tf.setBackend(backend);
  const p = infoGanProbe({ seed: 3 });
  const inp = ganInputs(8, 5);
  const [d, g] = tf.tidy(() => [
    p.dLoss(inp.real, p.generate(inp.z)).dataSync()[0]!,
    p.gLoss(inp.z, inp.cat, inp.cont).dataSync()[0]!,
  ]);
  p.dispose();
  tf.dispose([inp.real, inp.z, inp.cat, inp.cont]);
  return { d: d!, g: g! };
}

describe("InfoGAN probe (bench row `gan`)", () => {
  beforeAll(initBackends);

  it("D-step and G-step losses at init agree on cpu and wasm (1e-4 relative)", async () => {
    const ref = await initLosses("cpu");
    const got = await initLosses("wasm");
    // D loss at init ≈ 2·log 2 (both BCE terms near log 2 for logits near 0).
    expect(ref.d).toBeGreaterThan(0.5);
    expect(ref.d).toBeLessThan(4);
    expect(Math.abs(got.d - ref.d) / Math.abs(ref.d)).toBeLessThan(1e-4);
    expect(Math.abs(got.g - ref.g) / Math.abs(ref.g)).toBeLessThan(1e-4);
    await tf.setBackend("cpu");
  });

  it("the G step trains exactly G + Q: every one of them moves, D stays bit-identical", async () => {
    await tf.setBackend("wasm");
    const p = infoGanProbe({ seed: 4 });
    const inp = ganInputs(8, 6);
    expect(p.g.length + p.d.length + p.q.length).toBe(26);
    const dNames = new Set(p.d.map((v) => v.name));
    expect([...p.g, ...p.q].some((v) => dNames.has(v.name))).toBe(false);
    // D's weights do influence the G loss (so staying unchanged is the routing, not chance).
    const { value, grads } = tf.variableGrads(() => p.gLoss(inp.z, inp.cat, inp.cont), p.d);
    const dGradNorm = tf.tidy(() => tf.addN(Object.values(grads).map((g) => g.abs().sum())));
    expect(dGradNorm.dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([value, dGradNorm, ...Object.values(grads)]);
    const before = (vs: tf.Variable[]) => vs.map((v) => Float32Array.from(v.dataSync()));
    const d0 = before(p.d);
    const gq0 = before([...p.g, ...p.q]);
    const { gOpt, dOpt } = ganOptimizers();
    const loss = ganGStep(p, gOpt, inp, 0, createRng(1));
    expect(Number.isFinite(loss)).toBe(true);
    // Number of changed entries per parameter (plain loops: 6.4 M-entry weights).
    const changed = (vs: tf.Variable[], ref: Float32Array[]) =>
      vs.map((v, i) => {
        const a = v.dataSync();
        const b = ref[i]!;
        let n = 0;
        for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) n++;
        return n;
      });
    expect(changed(p.d, d0)).toEqual(p.d.map(() => 0));
    expect(changed([...p.g, ...p.q], gq0).every((n) => n > 0)).toBe(true);
    gOpt.dispose();
    dOpt.dispose();
    p.dispose();
    tf.dispose([inp.real, inp.z, inp.cat, inp.cont]);
    await tf.setBackend("cpu");
  });

  it("3 D+G steps on wasm: finite losses, no tensor or buffer leak", async () => {
    await tf.setBackend("wasm");
    const tensors0 = tf.memory().numTensors;
    const p = infoGanProbe({ seed: 5 });
    const inp = ganInputs(16, 7);
    const opt = ganOptimizers();
    const rng = createRng(2);
    const losses = [ganStep(p, opt, inp, 0, rng)]; // creates the Adam slots
    const tensors = tf.memory().numTensors;
    const buffers = backendBuffers();
    for (let i = 1; i < 3; i++) losses.push(ganStep(p, opt, inp, i, rng));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendBuffers()).toBe(buffers);
    for (const l of losses) {
      expect(Number.isFinite(l.dLoss) && Number.isFinite(l.gLoss)).toBe(true);
    }
    opt.dOpt.dispose();
    opt.gOpt.dispose();
    p.dispose();
    tf.dispose([inp.real, inp.z, inp.cat, inp.cont]);
    expect(tf.memory().numTensors).toBe(tensors0);
    await tf.setBackend("cpu");
  });
});
