/**
 * dag(A, update: dual_ascent): NOTEARS's augmented Lagrangian α·h + (ρ/2)·h² with dual ascent
 * on α, ρ (Zheng et al. 2018, Algorithm 1, c = 0.25) — multipliers against hand computations,
 * the value and its gradient, and the state's save/restore round trip.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { dag, dagPolynomial } from "../../stdlib/index.js";
import { DualAscentState } from "../../stdlib/penalties/dag-dual-ascent.js";
import type { ArgValue, TermState } from "../../stdlib/types.js";
import { ctxWith, val } from "./helpers.js";

const twoCycle = [
  [0, 0.8, 0],
  [1.2, 0, 0],
  [0, 0, 0],
];
/** float64 h(A) = tr((I + A∘A/3)^3) − 3 of the 2-cycle: only the cycle's block contributes. */
function hTwoCycle(): number {
  // A∘A/3 on the cycle block = [[0, a], [b, 0]], a = 0.64/3, b = 1.44/3; tr((I + X)^3) − 3 =
  // tr(3X + 3X² + X³) = 3·tr(X²) = 6ab (tr X = tr X³ = 0 for this X).
  return 6 * (0.64 / 3) * (1.44 / 3);
}

const ARGS = (extra: Record<string, ArgValue> = {}): Record<string, ArgValue> => ({
  scm: "A",
  form: "polynomial",
  update: "dual_ascent",
  rho: 1,
  growth: 10,
  every: 3,
  rho_max: 500,
  ...extra,
});
const INFO = { batchSize: 8, datasetSize: 100, variableSizes: {}, seed: 0 };

describe("dag(A, update: dual_ascent)", () => {
  it("dual steps follow NOTEARS Algorithm 1 (hand computation, decreasing h)", () => {
    const s = new DualAscentState({
      scm: "A",
      form: "polynomial",
      rho: 1,
      growth: 10,
      every: 1,
      rhoMax: 1e16,
      hTol: 0,
    });
    const trace: [number, number][] = [];
    for (const h of [1, 0.2, 0.1, 0.01]) {
      s.dualStep(h);
      trace.push([s.alpha, s.rho]);
    }
    // h=1:    α = 0 + 1·1 = 1,        h_prev = ∞ → ρ stays 1
    // h=0.2:  α = 1 + 1·0.2 = 1.2,    0.2 ≤ 0.25·1 → ρ stays 1
    // h=0.1:  α = 1.2 + 1·0.1 = 1.3,  0.1 > 0.25·0.2 → ρ = 10
    // h=0.01: α = 1.3 + 10·0.01 = 1.4, 0.01 ≤ 0.25·0.1 → ρ stays 10
    const want = [
      [1, 1],
      [1.2, 1],
      [1.3, 10],
      [1.4, 10],
    ];
    trace.forEach(([a, r], i) => {
      expect(a).toBeCloseTo(want[i]![0]!, 12);
      expect(r).toBe(want[i]![1]);
    });
    expect(() => s.dualStep(NaN)).toThrow(/not finite/);
  });

  it("ρ stops growing once h ≤ h_tol (α still accumulates)", () => {
    const s = new DualAscentState({
      scm: "A",
      form: "polynomial",
      rho: 1,
      growth: 10,
      every: 1,
      rhoMax: 1e16,
      hTol: 1e-6,
    });
    // h_prev = ∞ first; then 8e-7 > 0.25·1e-6 fails the progress test but is ≤ h_tol: ρ stays 1;
    // 2e-6 > h_tol and > 0.25·8e-7: ρ = 10
    for (const h of [1e-6, 8e-7, 2e-6]) s.dualStep(h);
    expect(s.rho).toBe(10);
    expect(s.alpha).toBeCloseTo(3.8e-6, 15);
    expect(() => dag.createState!(ARGS({ h_tol: -1 }), INFO)).toThrow(/h_tol/);
  });

  it("update() reads h(A) from ctx.extra and steps every `every` steps, ρ capped at rho_max", () => {
    const a = tf.tensor2d(twoCycle);
    const s = dag.createState!(ARGS(), INFO) as DualAscentState;
    const logs: Record<string, number>[] = [];
    for (let step = 0; step < 15; step++) logs.push(s.update(ctxWith({ step, extra: { A: a } })));
    const h = logs[0]!["h"]!;
    expect(h).toBeCloseTo(hTwoCycle(), 5);
    // updates after steps 3, 6, 9, 12, 15 (ctx.step 2, 5, 8, 11, 14); h constant, so after the
    // first update h > 0.25·h_prev always: ρ = 1 → 10 → 100 → 500 (cap) → 500;
    // α = h·(1 + 1 + 10 + 100 + 500) with the ρ in force before each update
    const expected: [number, number][] = [
      [0, 1],
      [0, 1],
      [h, 1],
      [h, 1],
      [h, 1],
      [2 * h, 10],
      [2 * h, 10],
      [2 * h, 10],
      [12 * h, 100],
      [12 * h, 100],
      [12 * h, 100],
      [112 * h, 500],
      [112 * h, 500],
      [112 * h, 500],
      [612 * h, 500],
    ];
    logs.forEach((l, i) => {
      expect(l["h"]).toBe(h);
      expect(l["alpha"]).toBeCloseTo(expected[i]![0], 12);
      expect(l["rho"]).toBe(expected[i]![1]);
    });
    a.dispose();
  });

  it("value = α·h + (ρ/2)·h², gradient (α + ρh)·∂h/∂A; update: none is plain h", () => {
    const a = tf.variable(tf.tensor2d(twoCycle));
    const s = dag.createState!(ARGS(), INFO);
    s.restoreState!({ alpha: 0.7, rho: 3, hPrev: null });
    const ctx = ctxWith({ extra: { A: a } });
    const h = val(dagPolynomial(a));
    expect(val(dag.compute(ctx, ARGS(), s))).toBeCloseTo(0.7 * h + 1.5 * h * h, 5);
    expect(val(dag.compute(ctx, ARGS({ update: "none" })))).toBeCloseTo(h, 6);
    const gLag = tf.grad((x: tf.Tensor) => dag.compute(ctxWith({ extra: { A: x } }), ARGS(), s))(a);
    const gH = tf.grad((x: tf.Tensor) =>
      dag.compute(ctxWith({ extra: { A: x } }), ARGS({ update: "none" })),
    )(a);
    const want = (gH.arraySync() as number[][]).flat().map((v) => (0.7 + 3 * h) * v);
    (gLag.arraySync() as number[][]).flat().forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
    expect(() => dag.compute(ctx, ARGS())).toThrow(/needs the state/);
    tf.dispose([a, gLag, gH]);
    s.dispose();
  });

  it("routes gradients main + own only with dual_ascent; state only then", () => {
    const routing = dag.updates as (a: Record<string, ArgValue>) => readonly string[];
    expect(routing(ARGS())).toEqual(["main", "own"]);
    expect(routing(ARGS({ update: "none" }))).toEqual(["main"]);
    expect(() => dag.createState!(ARGS({ update: "none" }), INFO)).toThrow(/only update/);
    expect(() => dag.createState!(ARGS({ rho: 0 }), INFO)).toThrow(/rho must be > 0/);
    expect(() => dag.createState!(ARGS({ rho_max: 0.5 }), INFO)).toThrow(/rho_max/);
    expect(() => dag.createState!(ARGS({ every: 2.5 }), INFO)).toThrow(/every/);
    expect(() => dag.createState!(ARGS({ growth: 0.5 }), INFO)).toThrow(/growth/);
  });

  it("saveState/restoreState round-trips exactly through JSON; the next updates agree", () => {
    const a = tf.tensor2d(twoCycle);
    const one: TermState = dag.createState!(ARGS({ every: 1 }), INFO);
    for (let step = 0; step < 3; step++) one.update(ctxWith({ step, extra: { A: a } }));
    const saved = JSON.parse(JSON.stringify(one.saveState!())) as unknown;
    expect(saved).toEqual(one.saveState!());
    const two: TermState = dag.createState!(ARGS({ every: 1 }), INFO);
    two.restoreState!(saved);
    for (let step = 3; step < 6; step++) {
      const ctx = ctxWith({ step, extra: { A: a } });
      expect(two.update(ctx)).toEqual(one.update(ctx));
    }
    // before any update h_prev is +∞, saved as null
    const fresh = dag.createState!(ARGS(), INFO);
    expect(fresh.saveState!()).toEqual({ alpha: 0, rho: 1, hPrev: null });
    expect(() => fresh.restoreState!({ alpha: "x" })).toThrow(/not a dual-ascent state/);
    a.dispose();
  });
});
