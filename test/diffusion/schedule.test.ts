/**
 * The linear β schedule (DDPM / DiffAE), the DDIM respacing and the training-time noising:
 * ᾱ_t against float64 references (numpy: cumprod(1 − linspace(1e-4, 0.02, 1000))), and
 * x_t = √ᾱ_t x0 + √(1 − ᾱ_t) ε recomputed from the returned t and ε.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { alphaBars, createRng, ddimTimesteps, linearNoising } from "../../runtime/index.js";

describe("linear β schedule", () => {
  it("ᾱ_t matches the float64 reference at T = 1000", () => {
    const a = alphaBars(1000);
    const ref: [number, number][] = [
      [0, 0.9999],
      [1, 0.9997800920720721],
      [9, 0.9981052047858344],
      [99, 0.89701814567496],
      [499, 0.07858724288177824],
      [999, 4.035829765375676e-5],
    ];
    for (const [t, v] of ref) expect(Math.abs((a[t] as number) - v) / v).toBeLessThan(1e-12);
  });

  it("rescales β by 1000/T (T = 100)", () => {
    const a = alphaBars(100);
    expect(a[0]).toBeCloseTo(0.999, 14);
    expect(Math.abs((a[50] as number) - 0.06666562681829521)).toBeLessThan(1e-14);
    expect(Math.abs((a[99] as number) - 2.039008975564078e-5) / 2.039008975564078e-5).toBeLessThan(
      1e-11,
    );
  });

  it("DDIM respacing: 20 of 1000 steps as DiffAE's space_timesteps", () => {
    expect(ddimTimesteps(1000, 20)).toEqual([
      0, 53, 105, 158, 210, 263, 315, 368, 421, 473, 526, 578, 631, 684, 736, 789, 841, 894, 946,
      999,
    ]);
    expect(ddimTimesteps(1000, 1)).toEqual([999]);
    expect(() => ddimTimesteps(10, 11)).toThrow(/steps must be an integer in \[1, 10\]/);
  });
});

describe("linearNoising", () => {
  it("x_t = √ᾱ_t (2x − 1) + √(1 − ᾱ_t) ε, deterministic given the rng", () => {
    const abar = alphaBars(1000);
    const x = tf.randomUniform([4, 8, 8, 1], 0, 1, "float32", 3) as tf.Tensor4D;
    const n = linearNoising(x, abar, createRng(7));
    const again = linearNoising(x, abar, createRng(7));
    const ts = Array.from(n.t.dataSync());
    expect(ts).toEqual(Array.from(again.t.dataSync()));
    for (const t of ts) expect(Number.isInteger(t) && t >= 0 && t < 1000).toBe(true);
    const [xv, ev, xt] = [x.dataSync(), n.eps.dataSync(), n.xt.dataSync()];
    const per = 64;
    let worst = 0;
    for (let i = 0; i < xt.length; i++) {
      const a = abar[ts[Math.floor(i / per)] as number] as number;
      const want =
        Math.sqrt(a) * (2 * (xv[i] as number) - 1) + Math.sqrt(1 - a) * (ev[i] as number);
      worst = Math.max(worst, Math.abs((xt[i] as number) - want));
    }
    expect(worst).toBeLessThan(1e-5);
    tf.dispose([x, n.x0, n.xt, n.t, n.eps, again.x0, again.xt, again.t, again.eps]);
  });
});
