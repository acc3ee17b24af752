import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import {
  createBatchStream,
  createIndexStream,
  observationsFromFactors,
  sampleFactors,
} from "../../runtime/data/batches.js";
import { createDsprites } from "../../runtime/data/dsprites.js";
import { loadDataset } from "../../runtime/data/load.js";
import { loadMnist } from "../../runtime/data/mnist.js";
import { createRng, shuffle } from "../../runtime/data/rng.js";

describe("Rng", () => {
  it("is deterministic per seed and resumes exactly from a JSON round-tripped state", () => {
    const a = createRng(42);
    const b = createRng(42);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(createRng(43).next()).not.toBe(seqA[0]);
    const saved = JSON.parse(JSON.stringify(a.state())) as unknown;
    const cont = [a.next(), a.int(1000), a.seed(), a.next()];
    const c = createRng(0);
    c.restore(saved);
    expect([c.next(), c.int(1000), c.seed(), c.next()]).toEqual(cont);
    expect(() => c.restore({ c: 1 })).toThrow(/expected a state object/);
    expect(() => c.int(0)).toThrow(RangeError);
  });

  it("int(n) is uniform (χ² over 10 bins) and shuffle is a permutation", () => {
    const r = createRng(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 20000; i++) {
      const k = r.int(10);
      counts[k] = (counts[k] as number) + 1;
    }
    const chi2 = counts.reduce((s, c) => s + (c - 2000) ** 2 / 2000, 0);
    expect(chi2).toBeLessThan(27.9); // χ²(9) 0.999 quantile
    const p = shuffle(
      Int32Array.from({ length: 1000 }, (_, i) => i),
      r,
    );
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(p[0] !== 0 || p[1] !== 1 || p[2] !== 2).toBe(true);
  });
});

describe("batch streams", () => {
  it("each epoch is a permutation; batches run across epochs; same seed, same order", () => {
    const s = createIndexStream(10, 4, 5);
    const seen = [...s.next(), ...s.next(), ...s.next()]; // 12 = one epoch + 2
    expect([...seen.slice(0, 10)].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(s.state()).toEqual({ epoch: 1, offset: 2 });
    const t = createIndexStream(10, 4, 5);
    expect([...t.next(), ...t.next(), ...t.next()]).toEqual(seen);
    const other = createIndexStream(10, 4, 6);
    expect([...other.next(), ...other.next()]).not.toEqual(seen.slice(0, 8));
    // epoch 1 is reshuffled, not a repeat of epoch 0
    const e1 = [...seen.slice(10), ...s.next(), ...s.next()];
    expect(e1).not.toEqual(seen.slice(0, 10));
    expect([...e1].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
  });

  it("restores exactly mid-epoch, with tensors x [B,H,W,C] and y [B,K]", () => {
    const ds = createDsprites({ factors: { shape: [0, 2], scale: [5], orientation: [0, 10] } });
    const a = createBatchStream(ds, 8, 11);
    tf.dispose(Object.values(a.next()));
    const st = a.state();
    const b1 = a.next();
    const b = createBatchStream(ds, 8, 11);
    b.restore(JSON.parse(JSON.stringify(st)) as { epoch: number; offset: number });
    const b2 = b.next();
    expect(b2.x.shape).toEqual([8, 64, 64, 1]);
    expect(b2.y?.shape).toEqual([8, 5]);
    expect(b2.x.dataSync()).toEqual(b1.x.dataSync());
    expect(b2.y?.dataSync()).toEqual(b1.y?.dataSync());
    tf.dispose([b1.x, b1.y as tf.Tensor, b2.x, b2.y as tf.Tensor]);
    expect(() => b.restore({ epoch: 0, offset: ds.size })).toThrow(/bad state/);
  });

  it("samples factors uniformly over the grid and renders them", () => {
    const ds = createDsprites();
    const f = sampleFactors(ds, 3000, createRng(1));
    const shapes = [0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      const k = f[i * 5] as number;
      shapes[k] = (shapes[k] as number) + 1;
    }
    for (const c of shapes) expect(Math.abs(c - 1000)).toBeLessThan(100);
    const obs = observationsFromFactors(ds, f.subarray(0, 10));
    expect(obs.length).toBe(2 * 4096);
  });

  it("looks up an example by label where nothing can be rendered (MNIST)", async () => {
    const ds = await loadMnist({ limit: 200 });
    const obs = observationsFromFactors(ds, new Int32Array([5]));
    expect(obs).toEqual(ds.images([0])); // example 0 is the first 5
    expect(() => observationsFromFactors(ds, new Int32Array([11]))).toThrow(
      /no example with factor classes \[11\]/,
    );
  });

  it("loadDataset validates names and arguments, and limits grid sets to a seeded subset", async () => {
    await expect(loadDataset("celeba", {})).rejects.toThrow(/unknown data set 'celeba'/);
    await expect(loadDataset("dsprites", { sizee: 64 })).rejects.toThrow(
      /unknown argument 'sizee'/,
    );
    await expect(loadDataset("dsprites", { size: 48 })).rejects.toThrow(/'size' must be 64 or 32/);
    await expect(loadDataset("dsprites", { path: "/nonexistent/d.npz" })).rejects.toThrow(
      /\/nonexistent\/d\.npz/,
    );
    const a = await loadDataset("dsprites", { limit: 500, seed: 3 });
    const b = await loadDataset("dsprites", { limit: 500, seed: 3 });
    expect(a.size).toBe(500);
    expect(a.factors([0, 499])).toEqual(b.factors([0, 499]));
    const p = await loadDataset("pendulum", { limit: 20, channels: 1 });
    expect(p.labels?.([19]).length).toBe(4);
    const sub = await loadDataset("dsprites", { factors: { shape: [1] }, size: 32 });
    expect(sub.size).toBe(6 * 40 * 32 * 32);
  });
});
