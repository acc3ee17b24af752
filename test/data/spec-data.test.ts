/**
 * What a spec's `data` line asks of the loaders: a malformed data file is a user error naming it
 * (truncated, not a zip, a missing array, a wrong dtype or shape), a relative `path` is read from
 * the spec's folder (DISC_DATA_DIR) and recorded absolute, and `factors: [shape, scale]` keeps
 * only those factors in y.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { describeError } from "../../compiler/cli/errors.js";
import { loadDataset, observationsFromFactors } from "../../runtime/data/index.js";
import { isUserError } from "../../runtime/errors.js";
import { dspritesNpz } from "./dsprites-fixture.js";

const tmp = mkdtempSync(join(tmpdir(), "disc-specdata-"));
afterEach(() => delete process.env["DISC_DATA_DIR"]);

async function expectDataError(path: string, pattern: RegExp): Promise<void> {
  const err = await loadDataset("dsprites", { batch: 8, size: 32, path }).catch((e: unknown) => e);
  expect(isUserError(err), String(err)).toBe(true);
  expect((err as Error).message).toContain(path);
  expect((err as Error).message).toMatch(pattern);
  expect(describeError(err).internal).toBe(false);
}

describe("data files", () => {
  it("malformed .npz files are user errors that name the file", async () => {
    const good = dspritesNpz(join(tmp, "good.npz"), 3);
    const truncated = join(tmp, "truncated.npz");
    writeFileSync(truncated, readFileSync(good).subarray(0, 5000));
    await expectDataError(truncated, /cannot open \.npz archive|corrupt/);
    const text = join(tmp, "text.npz");
    writeFileSync(text, "these are not the arrays you are looking for\n");
    await expectDataError(text, /cannot open \.npz archive/);
    await expectDataError(
      dspritesNpz(join(tmp, "noimgs.npz"), 3, { imgs: false }),
      /has no member 'imgs'/,
    );
    await expectDataError(
      dspritesNpz(join(tmp, "float.npz"), 3, { classesDtype: "<f4" }),
      /latents_classes must be int64 \[N, 6\], got f4/,
    );
    await expectDataError(
      dspritesNpz(join(tmp, "small.npz"), 3, { side: 32 }),
      /imgs must be uint8 \[3, 64, 64\], got u1 \[3, 32, 32\]/,
    );
  });

  it("a relative path is read from the spec's folder and recorded absolute", async () => {
    dspritesNpz(join(tmp, "rel.npz"), 4);
    process.env["DISC_DATA_DIR"] = tmp;
    const ds = await loadDataset("dsprites", { batch: 2, size: 32, path: "rel.npz" });
    expect(ds.size).toBe(4);
    expect(ds.file).toBe(join(tmp, "rel.npz"));
  });

  it("factors: [shape, scale] keeps those factors in y", async () => {
    const all = await loadDataset("dsprites", { batch: 8, size: 32, factors: [] });
    const two = await loadDataset("dsprites", { batch: 8, size: 32, factors: ["scale", "shape"] });
    expect(two.factorNames).toEqual(["shape", "scale"]);
    expect(two.factorSizes).toEqual([3, 6]);
    const ids = [0, 5000, 123456];
    const full = all.factors(ids);
    expect([...two.factors(ids)]).toEqual(ids.flatMap((_, r) => [full[r * 5]!, full[r * 5 + 1]!]));
    const obs = observationsFromFactors(two, new Int32Array([2, 4]));
    expect(obs.length).toBe(32 * 32);
    await expect(
      loadDataset("dsprites", { batch: 8, size: 32, factors: ["colour"] }),
    ).rejects.toThrow(/dsprites has no factor\(s\) colour/);
  });
});
