import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadArrays } from "../../runtime/data/arrays.js";
import { loadDspritesNpz } from "../../runtime/data/dsprites-npz.js";
import { createDsprites, dspritesIndex } from "../../runtime/data/dsprites.js";
import { NpyStreamDecoder, parseNpy, readNpy } from "../../runtime/data/npy.js";
import { openNpz, readNpz } from "../../runtime/data/npz.js";
import { npyBytes, zipBytes } from "./zip-writer.js";

const FIX = fileURLToPath(new URL("./fixtures/", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "disc-npz-"));

describe("npy", () => {
  it("parses every supported dtype and header version", () => {
    const f4 = parseNpy(npyBytes("<f4", [2, 2], new Float32Array([0.5, -1, 3.25, 7])));
    expect(f4.shape).toEqual([2, 2]);
    expect([...(f4.data as Float32Array)]).toEqual([0.5, -1, 3.25, 7]);
    const i8 = parseNpy(npyBytes("<i8", [3], new BigInt64Array([-5n, 2n ** 40n, 7n]), 2));
    expect(i8.data).toBeInstanceOf(BigInt64Array);
    expect([...(i8.data as BigInt64Array)]).toEqual([-5n, 2n ** 40n, 7n]);
    const f8 = parseNpy(npyBytes("<f8", [1], new Float64Array([Math.PI]), 3));
    expect((f8.data as Float64Array)[0]).toBe(Math.PI);
    const b = parseNpy(npyBytes("|b1", [3], new Uint8Array([1, 0, 1])));
    expect([...(b.data as Uint8Array)]).toEqual([1, 0, 1]);
    const i4 = parseNpy(npyBytes("<i4", [2], new Int32Array([-7, 2 ** 31 - 1])));
    expect([...(i4.data as Int32Array)]).toEqual([-7, 2 ** 31 - 1]);
    const u1 = parseNpy(npyBytes("|u1", [2, 1, 2], new Uint8Array([1, 2, 3, 255])));
    expect(u1.shape).toEqual([2, 1, 2]);
    expect([...(u1.data as Uint8Array)]).toEqual([1, 2, 3, 255]);
  });

  it("byte-swaps big-endian data written by numpy", async () => {
    const a = await readNpy(join(FIX, "be-f8.npy"));
    expect(a.shape).toEqual([1, 2]);
    expect([...(a.data as Float64Array)]).toEqual([1.5, -2.25]);
  });

  it("decodes the same values when streamed in odd-sized chunks", () => {
    const bytes = npyBytes("<i8", [5], new BigInt64Array([1n, -2n, 3n, -(2n ** 50n), 5n]));
    const got: bigint[] = [];
    const dec = new NpyStreamDecoder(
      "x",
      () => undefined,
      (chunk, off) => {
        const v = new BigInt64Array(chunk.buffer, chunk.byteOffset, chunk.length / 8);
        v.forEach((x, k) => (got[off + k] = x));
      },
    );
    for (let p = 0; p < bytes.length; p += 7) dec.push(bytes.subarray(p, p + 7));
    dec.end();
    expect(got).toEqual([1n, -2n, 3n, -(2n ** 50n), 5n]);
  });

  it("rejects bad input with a clear message", () => {
    expect(() => parseNpy(new Uint8Array(20), "f.npy")).toThrow(/f\.npy: not a \.npy array/);
    const trunc = npyBytes("<f4", [4], new Float32Array(4)).subarray(0, 140);
    expect(() => parseNpy(trunc, "t.npy")).toThrow(/truncated .npy data/);
    const fortran = Buffer.from(npyBytes("<f4", [1], new Float32Array(1)))
      .toString("latin1")
      .replace("False", "True ");
    expect(() => parseNpy(Buffer.from(fortran, "latin1"), "F")).toThrow(/Fortran-order/);
  });
});

describe("npz", () => {
  it("reads numpy's own np.savez output (zip64 local headers, STORED)", async () => {
    const a = await readNpz(join(FIX, "numpy-savez.npz"));
    expect(Object.keys(a).sort()).toEqual([
      "b",
      "big",
      "f4",
      "i4",
      "imgs",
      "latents_classes",
      "latents_values",
    ]);
    expect([...(a.big?.data as BigInt64Array)]).toEqual([-(2n ** 40n), 2n ** 62n]);
    expect([...(a.f4?.data as Float32Array)]).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25]);
    expect([...(a.i4?.data as Int32Array)]).toEqual([-1, 2 ** 31 - 1]);
    expect([...(a.b?.data as Uint8Array)]).toEqual([1, 0, 1]);
    expect(a.latents_values?.shape).toEqual([3, 6]);
    expect((a.latents_values?.data as Float64Array)[9]).toBe(39 * 0.5); // row 1, column 3
  });

  it("reads STORED and DEFLATED members, with and without full zip64 records", async () => {
    const big = new Float32Array(50_000).map((_, i) => Math.sin(i));
    for (const zip64 of [false, true]) {
      const p = join(tmp, `t${zip64 ? 64 : 32}.npz`);
      writeFileSync(
        p,
        zipBytes(
          [
            { name: "a.npy", data: npyBytes("<f4", [50_000], big) },
            {
              name: "c.npy",
              data: npyBytes("<i8", [2, 2], new BigInt64Array([1n, 2n, 3n, -4n])),
              deflate: true,
            },
            { name: "d.npy", data: npyBytes("<f4", [50_000], big, 2), deflate: true },
          ],
          zip64,
        ),
      );
      const npz = await openNpz(p);
      expect(npz.keys).toEqual(["a", "c", "d"]);
      const a = await npz.read("a");
      const c = await npz.read("c");
      const d = await npz.read("d");
      npz.close();
      const same = (x: ArrayBufferView): boolean =>
        Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(big.buffer));
      expect(a.data).toBeInstanceOf(Float32Array);
      expect(same(a.data)).toBe(true);
      expect(same(d.data)).toBe(true);
      expect(c.shape).toEqual([2, 2]);
      expect([...(c.data as BigInt64Array)]).toEqual([1n, 2n, 3n, -4n]);
    }
  });

  it("names the file and member in errors", async () => {
    await expect(readNpz(join(tmp, "missing.npz"))).rejects.toThrow(
      /cannot open .npz archive '.*missing\.npz'/,
    );
    const p = join(tmp, "junk.npz");
    writeFileSync(p, "not a zip at all, just text");
    await expect(readNpz(p)).rejects.toThrow(/junk\.npz/);
    await expect(readNpz(join(FIX, "numpy-savez.npz"), ["nope"])).rejects.toThrow(
      /has no member 'nope'.*members: imgs/,
    );
  });
});

describe("dSprites .npz loader and loadArrays", () => {
  it("bit-packs imgs from a numpy-written file (STORED and DEFLATED) and keeps factors", async () => {
    for (const f of ["numpy-savez.npz", "numpy-savez-compressed.npz"]) {
      const ds = await loadDspritesNpz(join(FIX, f));
      expect(ds.size).toBe(3);
      const im = ds.images([0, 1, 2]);
      expect(im.reduce((s, v) => s + v, 0)).toBe(40 + 1 + 1);
      expect(im[10 * 64 + 5]).toBe(1);
      expect(im[4096 + 0]).toBe(1);
      expect(im[2 * 4096 + 4095]).toBe(1);
      expect([...ds.factors([1])]).toEqual([2, 5, 39, 31, 31]);
      const obs = ds.observationsFromFactors?.(new Int32Array([1, 3, 7, 4, 9]));
      expect(obs?.[4095]).toBe(1);
      expect(() => ds.observationsFromFactors?.(new Int32Array([1, 3, 7, 4, 8]))).toThrow(
        /no image with factor classes/,
      );
    }
  });

  it("round-trips procedural images through a zip64 DEFLATED file", async () => {
    const proc = createDsprites();
    const ids = [dspritesIndex(2, 5, 0, 3, 7), dspritesIndex(1, 0, 13, 30, 1)];
    const imgs = Uint8Array.from(proc.images(ids));
    const lc = new BigInt64Array(12);
    ids.forEach((id, r) => proc.factors([id]).forEach((v, k) => (lc[r * 6 + k + 1] = BigInt(v))));
    const p = join(tmp, "ds.npz");
    writeFileSync(
      p,
      zipBytes(
        [
          { name: "imgs.npy", data: npyBytes("|u1", [2, 64, 64], imgs), deflate: true },
          { name: "latents_classes.npy", data: npyBytes("<i8", [2, 6], lc) },
        ],
        true,
      ),
    );
    const ds = await loadDspritesNpz(p);
    expect(ds.images([0, 1])).toEqual(proc.images(ids));
    const small = await loadDspritesNpz(p, { size: 32 });
    expect(small.imageShape).toEqual([32, 32, 1]);
    expect(small.images([0]).reduce((s, v) => s + v, 0) * 4).toBe(
      proc.images([ids[0] as number]).reduce((s, v) => s + v, 0),
    );
  });

  it("rejects a non-binary imgs member with the path", async () => {
    const p = join(tmp, "grey.npz");
    writeFileSync(
      p,
      zipBytes([
        { name: "imgs.npy", data: npyBytes("|u1", [1, 64, 64], new Uint8Array(4096).fill(7)) },
        { name: "latents_classes.npy", data: npyBytes("<i8", [1, 6], new BigInt64Array(6)) },
      ]),
    );
    await expect(loadDspritesNpz(p)).rejects.toThrow(/grey\.npz:imgs\.npy: imgs are not binary/);
  });

  it("loadArrays scales uint8 by 1/255 and derives factor sizes", async () => {
    const p = join(tmp, "arr.npz");
    const img = new Uint8Array(2 * 2 * 2 * 3).map((_, i) => i * 10);
    writeFileSync(
      p,
      zipBytes([
        { name: "images.npy", data: npyBytes("|u1", [2, 2, 2, 3], img) },
        {
          name: "labels.npy",
          data: npyBytes("<i8", [2, 2], new BigInt64Array([0n, 4n, 2n, 1n])),
          deflate: true,
        },
      ]),
    );
    const ds = await loadArrays(p, { factors: "labels" });
    expect(ds.imageShape).toEqual([2, 2, 3]);
    expect(ds.factorSizes).toEqual([3, 5]);
    expect(ds.images([1])[0]).toBeCloseTo(120 / 255, 7);
    expect([...ds.factors([1, 0])]).toEqual([2, 1, 0, 4]);
    await expect(loadArrays(p, { images: "imgs" })).rejects.toThrow(/no member 'imgs'/);
  });
});
