import { describe, expect, it } from "vitest";
import { createPendulum, pendulumConcepts, PENDULUM_LIGHTS } from "../../runtime/data/pendulum.js";
import { createRng } from "../../runtime/data/rng.js";

const ds = createPendulum();
const nL = PENDULUM_LIGHTS.length;

/** Columns of the ground row (y = −0.5 → row 62 of 64) that are black. */
function shadowCols(img: Float32Array, size = 64): number[] {
  const r = Math.floor(((21 + 0.5) / 22) * size);
  const cols: number[] = [];
  for (let c = 0; c < size; c++) {
    const p = (r * size + c) * 3;
    if (img[p] === 0 && img[p + 1] === 0 && img[p + 2] === 0) cols.push(c);
  }
  return cols;
}

describe("pendulum (CausalVAE scene)", () => {
  it("has the script's grid: 84 angles × 87 lights, 64×64×3", () => {
    expect(ds.size).toBe(84 * 87);
    expect(ds.imageShape).toEqual([64, 64, 3]);
    expect(ds.factorSizes).toEqual([84, 87, 10, 10]);
    expect(PENDULUM_LIGHTS).not.toContain(100);
  });

  it("shadow = parallel projection of pivot and bob tip onto y = −0.5, as in the concepts", () => {
    // θ = 0, φ = 60π/200: both points project with the same slope, so length = max(3, 9.5/tanφ·0)…
    const [t0, , len0, pos0] = pendulumConcepts(0, 60);
    expect(t0).toBe(0);
    const tan = Math.tan((60 * Math.PI) / 200);
    // vertical pendulum: pivot (10,10.5) → 10 − 11/tan; tip (10, 1) → 10 − 1.5/tan
    expect(len0).toBeCloseTo(Math.max(3, 9.5 / tan), 10);
    expect(pos0).toBeCloseTo(10 - (11 + 1.5) / 2 / tan, 10);
    // the rendered bar matches [pos − len/2, pos + len/2] to within one pixel
    for (const [a, l] of [
      [40, 0],
      [10, 40],
      [70, 60],
      [55, 86],
    ] as const) {
      const e = a * nL + l;
      const [, , len, pos] = ds.labels?.([e]) ?? [];
      const cols = shadowCols(ds.images([e]));
      const lo = Math.max(0, ((pos as number) - (len as number) / 2) * 3.2 - 0.5);
      const hi = Math.min(63, ((pos as number) + (len as number) / 2) * 3.2 - 0.5);
      if (hi - lo < 2) continue;
      expect(Math.abs((cols[0] as number) - lo)).toBeLessThanOrEqual(1);
      expect(Math.abs((cols[cols.length - 1] as number) - hi)).toBeLessThanOrEqual(1);
    }
  });

  it("effects depend on causes: moving the light moves the shadow opposite to the sun", () => {
    const a = 40; // θ = 0
    const left = ds.labels?.([a * nL + 0]) ?? new Float32Array(4); // φ small: sun right, shadow left
    const right = ds.labels?.([a * nL + nL - 1]) ?? new Float32Array(4);
    expect(left[3] as number).toBeLessThan(10);
    expect(right[3] as number).toBeGreaterThan(10);
    // labels equal the formulas exactly (float32 rounding)
    const c = pendulumConcepts(-40 + 17, PENDULUM_LIGHTS[33] as number);
    const got = ds.labels?.([17 * nL + 33]) ?? new Float32Array(4);
    c.forEach((v, k) => expect(got[k]).toBeCloseTo(v, 5));
  });

  it("renders the bob in firebrick at 8 units from the pivot and the sun in orange", () => {
    const img = ds.images([40 * nL + 10]); // θ = 0: bob centre (10, 2.5)
    const px = (x: number, y: number): number[] => {
      const c = Math.floor((x / 20) * 64);
      const r = Math.floor(((21 - y) / 22) * 64);
      return [...img.subarray((r * 64 + c) * 3, (r * 64 + c) * 3 + 3)];
    };
    expect(px(10, 2.5)[0]).toBeCloseTo(178 / 255, 6);
    expect(px(10, 6)).toEqual([0, 0, 0]); // rod
    expect(px(2, 15)).toEqual([1, 1, 1]); // background
  });

  it("factor sampling keeps effects consistent with causes; observationsFromFactors renders", () => {
    const f = ds.sampleFactors?.(50, createRng(3)) ?? new Int32Array(0);
    for (let r = 0; r < 50; r++) {
      const e = (f[r * 4] as number) * nL + (f[r * 4 + 1] as number);
      expect([...f.subarray(r * 4, r * 4 + 4)]).toEqual([...ds.factors([e])]);
    }
    expect(ds.observationsFromFactors?.(f.subarray(0, 4))).toEqual(
      ds.images([(f[0] as number) * nL + (f[1] as number)]),
    );
    const grey = createPendulum({ channels: 1, labelScale: "causalvae" });
    expect(grey.imageShape).toEqual([64, 64, 1]);
    expect(grey.labels?.([40 * nL + 0])[0]).toBe(0);
  });
});
