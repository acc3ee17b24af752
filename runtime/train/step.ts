/**
 * One optimisation step of the main objective, with explicit gradient routing: gradients are taken
 * only with respect to `varList` (the networks' trainable weights), optionally clipped by global norm,
 * and applied by the main optimizer. Term-state variables are never in `varList`.
 */
import * as tf from "@tensorflow/tfjs";
import type { TermContext } from "../../stdlib/types.js";
import type { Batch, Rng } from "../data/types.js";
import { canFuseAdam, fusedAdamStep } from "../backend/fused-adam.js";
import { isWasmOutOfMemory, WasmOutOfMemoryError } from "../backend/memory.js";
import { TrainingDiverged } from "./health.js";

export type LossFn = (
  batch: Batch,
  step: number,
  rng: Rng,
) => { terms: Record<string, tf.Scalar>; total: tf.Scalar; context?: TermContext };

export interface StepResult {
  /** Each term's value and `total`, read back as numbers. */
  values: Record<string, number>;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** The loss's TermContext with every tensor kept alive (for term-state updates); free with disposeContext. */
  context?: TermContext;
}

/** All tensors reachable in a TermContext (x, y, latents, outputs, extra, shared values). */
export function contextTensors(ctx: TermContext): tf.Tensor[] {
  const out: tf.Tensor[] = [ctx.x];
  if (ctx.y) out.push(ctx.y);
  for (const l of Object.values(ctx.latents)) {
    for (const t of [l.mu, l.logvar, l.sample]) if (t) out.push(t);
  }
  out.push(...Object.values(ctx.outputs), ...Object.values(ctx.extra));
  if (ctx.shared) out.push(...ctx.shared.tensors());
  return out;
}

/** Disposes the tensors of a context returned by trainStep (safe to call on already-freed tensors). */
export function disposeContext(ctx: TermContext | undefined): void {
  if (ctx) tf.dispose(contextTensors(ctx).filter((t) => !(t instanceof tf.Variable)));
}

/**
 * Scales gradients so their global L2 norm is at most `clipNorm` (no-op when clipNorm ≤ 0);
 * returns the clipped list and the norm before clipping. Source: Pascanu et al. 2013, eq. 7
 * (tf.clip_by_global_norm). Must run inside a tidy.
 */
export function clipByGlobalNorm(
  grads: tf.Tensor[],
  clipNorm: number,
): { grads: tf.Tensor[]; norm: tf.Scalar } {
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
  if (!(clipNorm > 0)) return { grads, norm };
  const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
  return { grads: grads.map((g) => tf.mul(g, scale)), norm };
}

/** Speed options of `trainStep` (results are the same within float tolerance either way). */
export interface StepOptions {
  /**
   * Use the fused Adam update (runtime/backend/fused-adam.ts) when the optimizer is
   * tf.train.adam and the backend is wasm. Default true; env DISC_FUSED_ADAM=0 turns it off.
   */
  fusedAdam?: boolean;
}

/**
 * Runs one step: loss → gradients w.r.t. `varList` → (clip) → optimizer.applyGradients
 * (or the equivalent fused Adam update on wasm, see StepOptions).
 * A variable the loss does not reach gets a zero gradient, so optimizer slots stay aligned.
 * `step` is the number of updates done before this one; messages say "step step+1", the number
 * metrics.jsonl logs this update under. Throws TrainingDiverged when the total is not finite
 * (weights unchanged then), an Error when the loss is not a scalar, and a WasmOutOfMemoryError
 * (with advice) when the wasm heap is exhausted.
 */
export function trainStep(
  loss: LossFn,
  optimizer: tf.Optimizer,
  varList: readonly tf.Variable[],
  batch: Batch,
  step: number,
  rng: Rng,
  clipNorm: number,
  opts: StepOptions = {},
): StepResult {
  const fuse = (opts.fusedAdam ?? process.env["DISC_FUSED_ADAM"] !== "0") && canFuseAdam(optimizer);
  let terms: Record<string, tf.Scalar> = {};
  let context: TermContext | undefined;
  let totalT: tf.Scalar | undefined;
  let gradNorm = 0;
  try {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const r = loss(batch, step, rng);
        if (!r || !(r.total instanceof tf.Tensor) || r.total.rank !== 0) {
          throw new Error(
            `step ${step + 1}: the loss must return { total: a scalar tensor }, got rank ${r?.total?.rank}`,
          );
        }
        terms = r.terms;
        for (const t of Object.values(terms)) tf.keep(t);
        context = r.context;
        if (context) for (const t of contextTensors(context)) tf.keep(t);
        totalT = tf.keep(r.total.clone());
        return r.total;
      }, [...varList]);
      const total = totalT!.dataSync()[0]!;
      if (!Number.isFinite(total))
        throw new TrainingDiverged(step + 1, `the loss is ${total} (${describeTerms(terms)})`);
      const list = varList.map((v) => grads[v.name] ?? tf.zerosLike(v));
      if (fuse) {
        gradNorm = fusedAdamStep(optimizer, varList, list, clipNorm);
        return;
      }
      const clipped = clipByGlobalNorm(list, clipNorm);
      gradNorm = clipped.norm.dataSync()[0]!;
      optimizer.applyGradients(
        varList.map((v, i) => ({ name: v.name, tensor: clipped.grads[i]! })),
      );
    });
    const values: Record<string, number> = {};
    for (const [k, t] of Object.entries(terms)) values[k] = t.dataSync()[0]!;
    values["total"] = totalT!.dataSync()[0]!;
    return { values, gradNorm, ...(context ? { context } : {}) };
  } catch (e) {
    if (isWasmOutOfMemory(e)) throw new WasmOutOfMemoryError(`step ${step + 1}`, e);
    disposeContext(context);
    if (e instanceof Error && e.message.startsWith("Cannot find a connection")) {
      throw new Error(
        `step ${step + 1}: the loss does not depend on any trainable weight of the networks, so nothing can be trained`,
      );
    }
    throw e;
  } finally {
    tf.dispose(
      [...Object.values(terms), ...(totalT ? [totalT] : [])].filter(
        (t) => !(t instanceof tf.Variable),
      ),
    );
  }
}

function describeTerms(terms: Record<string, tf.Scalar>): string {
  const parts = Object.entries(terms).map(
    ([k, t]) => `${k} = ${t.isDisposed ? "?" : t.dataSync()[0]}`,
  );
  return parts.length ? parts.join(", ") : "no terms";
}
