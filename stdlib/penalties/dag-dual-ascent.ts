/**
 * The augmented Lagrangian of the acyclicity constraint h(A) = 0 with dual ascent on its
 * multipliers (Zheng et al. 2018, NOTEARS, eq. 13 and Algorithm 1), for `dag(A, update:
 * dual_ascent)`: the term's value is L = α·h(A) + (ρ/2)·h(A)², and α (init 0), ρ (init `rho`)
 * are the term's own state, updated outside the gradient step.
 *
 * Algorithm 1 solves the primal to convergence between two dual steps; here the primal is
 * `every` optimizer steps of the model's own optimizer (stochastic, as in DAG-GNN's training
 * loop), after which:
 *   α ← α + ρ·h(A);   if h(A) > max(h_tol, 0.25·h_prev): ρ ← min(growth·ρ, rho_max);   h_prev ← h(A)
 * with h_prev = +∞ before the first update (so ρ never grows on it) and 0.25 the paper's progress
 * rate c. Unlike Algorithm 1 the primal is not re-solved after ρ grows: the larger ρ applies to
 * the next `every` steps. Algorithm 1 stops once h ≤ h_tol; training goes on here, so ρ simply stops
 * growing there: without that, the float32 noise of h ≈ 1e-7 fails the progress test forever and ρ
 * grows to rho_max, freezing A (a new edge that closes a near-zero cycle is then blocked). h(A) is read from the adjacency of the step that just ran
 * (ctx.extra[scm], float32, read as a float64 number); α, ρ, h_prev are float64 numbers, saved
 * exactly in checkpoints (saveState / restoreState), so a resumed run continues bit for bit.
 */
import * as tf from "@tensorflow/tfjs";
import { dagExponential, dagPolynomial } from "../math/dag.js";
import type { TermContext, TermState } from "../types.js";
import { extraTensor } from "./context.js";

/** Default h_tol: h(A) in float32 is noise below ~1e-6 (NOTEARS uses 1e-8 in float64). */
export const DEFAULT_H_TOL = 1e-6;

/** NOTEARS's progress rate c: ρ grows when h did not fall below c·h_prev. */
export const DUAL_ASCENT_PROGRESS = 0.25;

export interface DualAscentOptions {
  /** Name of the scm whose adjacency ctx.extra[scm] holds. */
  readonly scm: string;
  readonly form: "polynomial" | "exponential";
  /** Initial penalty coefficient ρ₀ > 0. */
  readonly rho: number;
  /** Factor ρ is multiplied by when h made too little progress (≥ 1). */
  readonly growth: number;
  /** Optimizer steps between two dual updates (≥ 1). */
  readonly every: number;
  /** Upper bound on ρ (≥ rho). */
  readonly rhoMax: number;
  /** ρ stops growing once h(A) ≤ hTol (NOTEARS's stopping tolerance), ≥ 0. */
  readonly hTol: number;
}

/** The multipliers and the last h used by the progress test; JSON-serialisable. */
export interface DualAscentSnapshot {
  readonly alpha: number;
  readonly rho: number;
  /** h(A) at the previous dual update; null before the first (+∞). */
  readonly hPrev: number | null;
}

/** h(A) of a [d, d] adjacency in the chosen form, scalar. */
export function dagValue(a: tf.Tensor2D, form: DualAscentOptions["form"]): tf.Scalar {
  return form === "polynomial" ? dagPolynomial(a) : dagExponential(a);
}

/** The term's own state: α, ρ, h_prev and the dual-ascent update. */
export class DualAscentState implements TermState {
  readonly variables: readonly tf.Variable[] = [];
  alpha = 0;
  rho: number;
  hPrev: number | null = null;

  /** Throws for ρ ≤ 0, growth < 1, a non-integer `every` < 1, rho_max < rho, or h_tol < 0. */
  constructor(readonly opts: DualAscentOptions) {
    const { rho, growth, every, rhoMax, hTol } = opts;
    if (!(hTol >= 0)) throw new Error(`dag: h_tol must be ≥ 0, got ${hTol}`);
    if (!(rho > 0) || !Number.isFinite(rho)) throw new Error(`dag: rho must be > 0, got ${rho}`);
    if (!(growth >= 1)) throw new Error(`dag: growth must be ≥ 1, got ${growth}`);
    if (!Number.isInteger(every) || every < 1)
      throw new Error(`dag: every must be an integer ≥ 1 (steps), got ${every}`);
    if (!(rhoMax >= rho)) throw new Error(`dag: rho_max (${rhoMax}) must be ≥ rho (${rho})`);
    this.rho = rho;
  }

  /** L = α·h + (ρ/2)·h² for the scalar h = h(A); differentiable in h. */
  lagrangian(h: tf.Scalar): tf.Scalar {
    return tf.tidy(
      () => tf.add(tf.mul(this.alpha, h), tf.mul(this.rho / 2, tf.square(h))) as tf.Scalar,
    );
  }

  /**
   * One dual step on the values alone (no tensors): α ← α + ρ·h, then ρ ← min(growth·ρ, ρ_max)
   * when h > 0.25·h_prev and h > h_tol, then h_prev ← h. Throws for a non-finite h.
   */
  dualStep(h: number): void {
    if (!Number.isFinite(h)) throw new Error(`dag: h(A) is not finite (${h}); cannot update α, ρ`);
    this.alpha += this.rho * h;
    if (this.hPrev !== null && h > this.opts.hTol && h > DUAL_ASCENT_PROGRESS * this.hPrev)
      this.rho = Math.min(this.opts.growth * this.rho, this.opts.rhoMax);
    this.hPrev = h;
  }

  /**
   * Called by the training loop after each main step (ctx.step = steps before it): reads h(A)
   * and, after every `every`-th step, takes a dual step. Returns { alpha, rho, h } to log (the
   * multipliers the next step uses).
   */
  update(ctx: TermContext): Record<string, number> {
    const a = extraTensor(
      ctx,
      this.opts.scm,
      "dag",
      "the causal_vae backbone (the scm's adjacency)",
    );
    const h = tf.tidy(() => dagValue(a as tf.Tensor2D, this.opts.form).dataSync()[0] ?? NaN);
    if ((ctx.step + 1) % this.opts.every === 0) this.dualStep(h);
    return { alpha: this.alpha, rho: this.rho, h };
  }

  saveState(): DualAscentSnapshot {
    return { alpha: this.alpha, rho: this.rho, hPrev: this.hPrev };
  }

  /** Throws when `state` is not a snapshot written by saveState. */
  restoreState(state: unknown): void {
    const s = state as Partial<DualAscentSnapshot> | null;
    const num = (v: unknown) => typeof v === "number" && Number.isFinite(v);
    if (!s || !num(s.alpha) || !num(s.rho) || !(s.hPrev === null || num(s.hPrev)))
      throw new Error(`dag: not a dual-ascent state: ${JSON.stringify(state)}`);
    this.alpha = s.alpha!;
    this.rho = s.rho!;
    this.hPrev = s.hPrev ?? null;
  }

  dispose(): void {}
}
