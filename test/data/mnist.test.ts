import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseIdx, readIdx } from "../../runtime/data/idx.js";
import { loadDataset } from "../../runtime/data/load.js";
import {
  FASHION_MNIST_DEBIAN_DIR,
  loadFashionMnist,
  loadMnist,
  mnistDataDir,
} from "../../runtime/data/mnist.js";

const tmp = mkdtempSync(join(tmpdir(), "disc-idx-"));

describe("IDX", () => {
  it("parses plain and gzipped files with big-endian dims and data", () => {
    const b = Buffer.alloc(4 + 8 + 6 * 2);
    b.set([0, 0, 0x0b, 2]);
    b.writeUInt32BE(2, 4);
    b.writeUInt32BE(3, 8);
    [1, -2, 300, -400, 5, 32767].forEach((v, i) => b.writeInt16BE(v, 12 + 2 * i));
    for (const raw of [b, gzipSync(b)]) {
      const a = parseIdx(raw);
      expect(a.shape).toEqual([2, 3]);
      expect([...a.data]).toEqual([1, -2, 300, -400, 5, 32767]);
    }
    expect(() => parseIdx(Buffer.from([1, 2, 3, 4]), "x.idx")).toThrow(/x\.idx: not an IDX file/);
    expect(() => parseIdx(b.subarray(0, 15), "t.idx")).toThrow(/t\.idx: truncated IDX data/);
  });

  it("reads the real MNIST files: 60000 train, 10000 test, every digit ≈ 10 %", async () => {
    const labels = await readIdx(join(mnistDataDir(), "train-labels-idx1-ubyte"));
    expect(labels.shape).toEqual([60000]);
    const counts = new Array<number>(10).fill(0);
    for (const v of labels.data) counts[v] = (counts[v] as number) + 1;
    // known MNIST train counts: 5923 zeros, 6742 ones
    expect(counts[0]).toBe(5923);
    expect(counts[1]).toBe(6742);
    for (const c of counts) expect(c / 60000).toBeGreaterThan(0.08);
    const ds = await loadMnist();
    expect(ds.size).toBe(60000);
    expect(ds.test?.size).toBe(10000);
    expect(ds.imageShape).toEqual([28, 28, 1]);
    expect(ds.factorSizes).toEqual([10]);
    const x = ds.images([0, 59999]);
    expect(Math.max(...x)).toBe(1);
    expect(Math.min(...x)).toBe(0);
    const raw = readFileSync(join(mnistDataDir(), "train-images-idx3-ubyte"));
    expect(x[300]).toBeCloseTo((raw[16 + 300] as number) / 255, 7);
    expect([...ds.factors([0, 1])]).toEqual([5, 0]); // the famous first two training digits
    const testCounts = new Array<number>(10).fill(0);
    const tl =
      ds.test?.factors(Int32Array.from({ length: 10000 }, (_, i) => i)) ?? new Int32Array(0);
    for (const v of tl) testCounts[v] = (testCounts[v] as number) + 1;
    expect(testCounts[0]).toBe(980);
    expect(testCounts.reduce((a, b) => a + b, 0)).toBe(10000);
  });

  it("loadDataset('mnist', { limit }) keeps the first n of each split", async () => {
    const ds = await loadDataset("mnist", { limit: 100 });
    expect(ds.size).toBe(100);
    expect(ds.test?.size).toBe(100);
    expect(() => ds.images([100])).toThrow(RangeError);
  });

  it("Fashion-MNIST: gzipped IDX from a folder; clear error naming the Debian package", async () => {
    const img = Buffer.alloc(16 + 2 * 784);
    img.set([0, 0, 8, 3]);
    img.writeUInt32BE(2, 4);
    img.writeUInt32BE(28, 8);
    img.writeUInt32BE(28, 12);
    img[16 + 784 + 5] = 255;
    const lbl = Buffer.from([0, 0, 8, 1, 0, 0, 0, 2, 9, 3]);
    for (const p of ["train", "t10k"]) {
      writeFileSync(join(tmp, `${p}-images-idx3-ubyte.gz`), gzipSync(img));
      writeFileSync(join(tmp, `${p}-labels-idx1-ubyte.gz`), gzipSync(lbl));
    }
    const ds = await loadFashionMnist({ path: tmp });
    expect(ds.name).toBe("fashion_mnist");
    expect([...ds.factors([0, 1])]).toEqual([9, 3]);
    expect(ds.images([1])[5]).toBe(1);
    expect(ds.test?.size).toBe(2);
    await expect(loadFashionMnist({ path: join(tmp, "nowhere") })).rejects.toThrow(
      /dataset-fashion-mnist/,
    );
    if (existsSync(FASHION_MNIST_DEBIAN_DIR)) {
      const real = await loadFashionMnist();
      expect(real.size).toBe(60000);
      expect(real.test?.size).toBe(10000);
    }
  });
});
