import { describe, expect, it } from "vitest";
import { decodePng } from "../../runtime/viz/canvas.js";
import { imageGrid, interleave } from "../../runtime/viz/grid.js";
import {
  klPerLatent,
  orderByKl,
  traversalGif,
  traversalGrid,
  traversalValues,
} from "../../runtime/viz/traversal.js";

const px = (c: { width: number; rgba: Uint8Array }, x: number, y: number) =>
  Array.from(c.rgba.subarray((y * c.width + x) * 4, (y * c.width + x) * 4 + 4));

/** Walks the GIF block structure; returns the logical screen size and the number of image frames. */
function parseGif(b: Buffer): { header: string; width: number; height: number; frames: number } {
  const header = b.subarray(0, 6).toString("ascii");
  const width = b.readUInt16LE(6);
  const height = b.readUInt16LE(8);
  let p = 13;
  if ((b[10]! & 0x80) !== 0) p += 3 * 2 ** ((b[10]! & 7) + 1);
  const skipSubBlocks = () => {
    while (b[p] !== 0) p += b[p]! + 1;
    p++;
  };
  let frames = 0;
  for (;;) {
    const tag = b[p++];
    if (tag === 0x3b) break;
    if (tag === 0x21) {
      p++; // label
      skipSubBlocks();
    } else if (tag === 0x2c) {
      frames++;
      const flags = b[p + 8]!;
      p += 9;
      if ((flags & 0x80) !== 0) p += 3 * 2 ** ((flags & 7) + 1);
      p++; // LZW minimum code size
      skipSubBlocks();
    } else throw new Error(`bad GIF block 0x${tag?.toString(16)} at ${p - 1}`);
  }
  return { header, width, height, frames };
}

describe("imageGrid (PNG)", () => {
  it("decodes back to the expected size and pixels, with grey separators", () => {
    // three 2×2 grey images with values 0, 0.5, 1; 2 columns → 7×7 with one empty cell
    const images = Float32Array.from([0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1]);
    const g = imageGrid(images, 3, [2, 2, 1], 2);
    expect([g.width, g.height]).toEqual([7, 7]);
    const c = decodePng(g.png);
    expect([c.width, c.height]).toEqual([7, 7]);
    expect(px(c, 0, 0)).toEqual([128, 128, 128, 255]); // separator
    expect(px(c, 1, 1)).toEqual([0, 0, 0, 255]);
    expect(px(c, 5, 2)).toEqual([128, 128, 128, 255]); // image 1 is 0.5 → 128
    expect(px(c, 4, 1)).toEqual([128, 128, 128, 255]);
    expect(px(c, 1, 4)).toEqual([255, 255, 255, 255]); // image 2, second row
    expect(px(c, 3, 1)).toEqual([128, 128, 128, 255]); // vertical separator
  });
  it("draws RGB channels and interleaves inputs with reconstructions", () => {
    const red = Float32Array.from([1, 0, 0]);
    const blue = Float32Array.from([0, 0, 1]);
    const c = decodePng(imageGrid(interleave(red, blue, 1, 3), 2, [1, 1, 3], 2).png);
    expect(px(c, 1, 1)).toEqual([255, 0, 0, 255]);
    expect(px(c, 3, 1)).toEqual([0, 0, 255, 255]);
  });
  it("rejects a batch too small for n images", () => {
    expect(() => imageGrid(new Float32Array(3), 2, [2, 2, 1], 2)).toThrow(/cannot hold 2 images/);
  });
});

// decoder: a 1×2 grey image whose pixels show z0 and z1 mapped from [−2, 2] to [0, 1]
const decode = async (z: Float32Array, n: number) => {
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[i * 2] = ((z[i * 3] as number) + 2) / 4;
    out[i * 2 + 1] = ((z[i * 3 + 1] as number) + 2) / 4;
  }
  return out;
};

describe("traversals", () => {
  it("values span ±range evenly", () => {
    expect(traversalValues(2, 5)).toEqual([-2, -1, 0, 1, 2]);
  });
  it("grid: one row per latent in the given order, the traversed latent varies along the row", async () => {
    const base = Float32Array.from([0, 1, 0.5]);
    const g = await traversalGrid({
      decode,
      base,
      dim: 3,
      order: [1, 0],
      steps: 5,
      imageShape: [1, 2, 1],
    });
    expect([g.width, g.height]).toEqual([5 * 3 + 1, 2 * 2 + 1]);
    const c = decodePng(g.png);
    // row 0 traverses latent 1: pixel 1 of cell s is (v_s + 2)/4; pixel 0 stays at base z0 = 0 → 0.5
    for (let s = 0; s < 5; s++) {
      expect(px(c, 1 + s * 3, 1)[0]).toBe(128);
      expect(px(c, 2 + s * 3, 1)[0]).toBe(Math.round((s / 4) * 255));
    }
    // row 1 traverses latent 0: pixel 1 stays at base z1 = 1 → 0.75
    expect(px(c, 2, 3)[0]).toBe(191);
    expect(px(c, 1, 3)[0]).toBe(0);
    expect(px(c, 13, 3)[0]).toBe(255);
  });
  it("GIF: valid header, one frame per step, all latents side by side", async () => {
    const r = await traversalGif({
      decode,
      base: new Float32Array(3),
      dim: 3,
      steps: 7,
      imageShape: [1, 2, 1],
    });
    const g = parseGif(r.gif);
    expect(g.header).toBe("GIF89a");
    expect(g.frames).toBe(7);
    expect(r.frames).toBe(7);
    expect([g.width, g.height]).toEqual([3 * 3 + 1, 3]);
  });
  it("rejects a base of the wrong length and an out-of-range latent", async () => {
    await expect(
      traversalGrid({ decode, base: new Float32Array(2), dim: 3, imageShape: [1, 2, 1] }),
    ).rejects.toThrow(/expected dim = 3/);
    await expect(
      traversalGrid({
        decode,
        base: new Float32Array(3),
        dim: 3,
        order: [3],
        imageShape: [1, 2, 1],
      }),
    ).rejects.toThrow(/outside \[0, 3\)/);
  });
});

describe("klPerLatent (nats)", () => {
  it("matches values.md: D = 10, mu = 1, lv = 0 → Σ 5.0; mu = 1, lv = 1 → Σ 5(e − 1)", () => {
    const ones = new Float32Array(20).fill(1);
    const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(klPerLatent(ones, new Float32Array(20), 10))).toBeCloseTo(5, 6);
    expect(sum(klPerLatent(ones, ones, 10))).toBeCloseTo(8.5914, 4);
    expect(sum(klPerLatent(new Float32Array(20), new Float32Array(20), 10))).toBe(0);
  });
  it("averages over the batch and orders latents by KL descending", () => {
    const kl = klPerLatent(Float32Array.from([0, 2, 1, 0, 0, 0]), new Float32Array(6), 3);
    // latent 1: ½·2²/2 = 1; latent 2: ½·1²/2 = 0.25; latent 0: 0
    expect(Array.from(kl)).toEqual([0, 1, 0.25]);
    expect(orderByKl(kl)).toEqual([1, 2, 0]);
  });
});
