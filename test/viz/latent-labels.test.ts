/**
 * The labelled traversal: row labels name the factor each latent carries (NMI, the discretised
 * MI of MIG divided by H(v_k)), rows are sorted by KL, the collapsed latents become one line, and
 * the run's closing sentence says which latent captures which factor. The synthetic encoder of
 * squares.ts has z0 = scale, z2 = posX + noise and the others collapsed. The PNG lands in
 * test-output/viz/ to be looked at.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { normalizedMutualInfo } from "../../runtime/metrics/latent-factors.js";
import { decodePng } from "../../runtime/viz/canvas.js";
import {
  factorSummary,
  formatNats,
  latentRows,
  type LatentTable,
} from "../../runtime/viz/latent-labels.js";
import {
  labelledTraversalGif,
  labelledTraversalPng,
} from "../../runtime/viz/labelled-traversal.js";
import { encodeExamples, writeLabelledTraversal } from "../../runtime/viz/run-traversal.js";
import type { DecodeFn } from "../../runtime/viz/traversal.js";
import { REPO } from "../cli/run-disc.js";
import { D, squares, squaresDecoder, squaresEncoder } from "./squares.js";

const OUT = join(REPO, "test-output", "viz");

async function labelled(withFactors: boolean, dir: string) {
  const dataset = squares(withFactors);
  const encode = squaresEncoder();
  const examples = await encodeExamples(dataset, encode, D, 192);
  return writeLabelledTraversal({
    outDir: dir,
    dataset,
    dim: D,
    encode,
    decode: squaresDecoder,
    examples,
    gif: true,
    points: 7,
    nmiSamples: 4000,
  });
}

describe("traversal labels on a synthetic encoder whose latents are known", () => {
  it("z2 ↔ posX and z0 ↔ scale, sorted by KL; z1, z3, z4 in one collapsed line", async () => {
    mkdirSync(OUT, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), "disc-labels-"));
    const r = await labelled(true, dir);
    expect(r.latents.rows.map((row) => row.latent)).toEqual([2, 0]);
    expect(r.latents.rows.map((row) => row.factor)).toEqual(["posX", "scale"]);
    const [posX, scale] = r.latents.rows;
    expect(posX!.label).toBe(`z2 · ${formatNats(r.kl[2]!)} nats · posX (${posX!.nmi!.toFixed(2)})`);
    expect(posX!.label).toMatch(/^z2 · 3\.\d\d nats · posX \(0\.[5-9]\d\)$/);
    expect(scale!.label).toMatch(/^z0 · 1\.\d\d nats · scale \(1\.00\)$/);
    expect(r.latents.collapsedLabel).toBe("z1, z3, z4: collapsed, KL < 0.1 nats");
    const table = { kl: r.kl, factors: r.info!.factors, nmi: r.info!.nmi };
    expect(factorSummary(table)).toMatch(
      /^z0 ↔ scale \(NMI 1\.00\), z2 ↔ posX \(0\.[5-9]\d\); shape: no latent ≥ 0\.2$/,
    );
    // latent_factors.json: the matrix the report draws, one row per latent, one column per factor
    const saved = JSON.parse(readFileSync(join(dir, "latent_factors.json"), "utf8")) as {
      factors: string[];
      nmi: number[][];
      samples: number;
    };
    expect(saved.factors).toEqual(["shape", "scale", "posX"]);
    expect(saved.nmi).toHaveLength(D);
    expect(saved.samples).toBe(4000);
    // the picture: labels left of 2 rows of 7 traversal images, the input column, a title
    const png = readFileSync(join(dir, "traversal.png"));
    writeFileSync(join(OUT, "labelled-traversal.png"), png);
    writeFileSync(join(OUT, "labelled-traversal.gif"), readFileSync(join(dir, "traversal.gif")));
    const c = decodePng(png);
    expect(c.width).toBeGreaterThan(7 * 33 + 33 + 100);
    const ink = (x0: number, x1: number, y0: number, y1: number) => {
      let dark = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) if (c.rgba[(y * c.width + x) * 4]! < 100) dark++;
      return dark;
    };
    expect(ink(0, 60, 40, 70)).toBeGreaterThan(20); // "z2 · …" beside the first row
  });

  it("without factors the rows are labelled with index and KL only, and no NMI file is kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-labels-"));
    writeFileSync(join(dir, "latent_factors.json"), "{}"); // an earlier run's, now stale
    const r = await labelled(false, dir);
    expect(r.info).toBeNull();
    expect(r.latents.rows.map((row) => row.label)).toEqual([
      `z2 · ${formatNats(r.kl[2]!)} nats`,
      `z0 · ${formatNats(r.kl[0]!)} nats`,
    ]);
    expect(existsSync(join(dir, "latent_factors.json"))).toBe(false);
    expect(existsSync(join(dir, "traversal.png"))).toBe(true);
  });
});

describe("labelledTraversalPng / Gif", () => {
  it("decode the traversal once for both pictures of one options object", async () => {
    let calls = 0;
    const decode: DecodeFn = async (z, n) => {
      calls++;
      return squaresDecoder(z, n);
    };
    const latents = latentRows({ kl: [1, 0, 2, 0, 0], factors: [], nmi: null });
    const opts = {
      decode,
      base: new Float32Array(D),
      dim: D,
      input: new Float32Array(32 * 32),
      latents,
      steps: 4,
      imageShape: [32, 32, 1] as [number, number, number],
    };
    const png = await labelledTraversalPng(opts);
    const gif = await labelledTraversalGif(opts);
    expect(calls).toBe(2); // the reconstruction, then 2 rows × 4 values in one call
    expect(png.png.subarray(1, 4).toString()).toBe("PNG");
    expect(gif.frames).toBe(4);
    expect(gif.gif.subarray(0, 6).toString()).toBe("GIF89a");
  });
});

describe("latentRows and factorSummary", () => {
  const table: LatentTable = {
    kl: [0.5, 0.001, 2.41, 0.5, 0],
    factors: ["shape", "posX", "posY"],
    nmi: [
      [0.05, 0.1, 0.47],
      [0.01, 0.02, 0.01],
      [0.1, 0.52, 0.03],
      [0.12, 0.11, 0.1],
      [0, 0, 0],
    ],
  };

  it("sorts by KL (ties by index), names the best factor, and summarises the collapsed latents", () => {
    const r = latentRows(table);
    expect(r.rows.map((row) => row.label)).toEqual([
      "z2 · 2.41 nats · posX (0.52)",
      "z0 · 0.50 nats · posY (0.47)",
      "z3 · 0.50 nats · shape (0.12)",
    ]);
    expect(r.collapsed).toEqual([1, 4]);
    expect(r.collapsedLabel).toBe("z1, z4: collapsed, KL < 0.1 nats");
    expect(latentRows({ ...table, kl: [1, 1, 1, 1, 1] }).collapsedLabel).toBeNull();
    expect(latentRows({ kl: [0, 0.002], factors: [], nmi: null })).toEqual({
      rows: [],
      collapsed: [0, 1],
      collapsedLabel: "z0, z1: collapsed, KL < 0.1 nats",
    });
  });

  it("says which latent captures which factor, and which factors no latent reaches", () => {
    expect(factorSummary(table)).toBe(
      "z2 ↔ posX (NMI 0.52), z0 ↔ posY (0.47); shape: no latent ≥ 0.2",
    );
    expect(factorSummary(table, 0.5)).toBe("z2 ↔ posX (NMI 0.52); shape, posY: no latent ≥ 0.5");
    expect(factorSummary({ kl: [1], factors: [], nmi: null })).toBeNull();
  });

  it("rejects an NMI matrix with the wrong number of rows", () => {
    expect(() => latentRows({ ...table, nmi: table.nmi!.slice(1) })).toThrow(/4 NMI rows for 5/);
  });
});

describe("normalizedMutualInfo", () => {
  it("is 1 for a code equal to the factor, ~0 for an unrelated one, 0 for a constant factor", () => {
    const n = 4000;
    const codes = new Float32Array(n * 2);
    const factors = new Int32Array(n * 2);
    let s = 1;
    const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (let i = 0; i < n; i++) {
      factors[i * 2] = i % 8;
      codes[i * 2] = i % 8;
      codes[i * 2 + 1] = rand();
    }
    const { nmi, entropies } = normalizedMutualInfo(
      { data: codes, n, dim: 2 },
      { data: factors, n, k: 2 },
    );
    expect(entropies[0]).toBeCloseTo(Math.log(8), 6);
    expect(entropies[1]).toBe(0);
    expect(nmi[0]).toBeCloseTo(1, 6); // code 0, factor 0
    expect(nmi[2]).toBeLessThan(0.02); // code 1, factor 0: noise (small-sample bias only)
    expect([nmi[1], nmi[3]]).toEqual([0, 0]); // the constant factor
  });
});
