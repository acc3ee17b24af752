/**
 * Term diagnostics: the extra scalars a penalty reports besides its value
 * (`PenaltyDef.diagnostics`, e.g. capacity's target C(t) in nats, the GAN's discriminator loss).
 * The training loop computes them at the log steps only, from the same TermContext the step's
 * loss used (so `ctx.step` is the 0-based step of the update that metrics.jsonl logs as step + 1),
 * and logs them as `<term id>/<name>` next to the term values.
 */
import * as tf from "@tensorflow/tfjs";
import { penalties } from "../../stdlib/penalties/index.js";
import type { ArgValue, PenaltyDef, TermContext, TermState } from "../../stdlib/types.js";

/** One term of a resolved spec (config.spec.terms[i]) as this module reads it. */
interface TermLike {
  readonly id: string;
  readonly entry: string;
  readonly module?: string;
  readonly args: Readonly<Record<string, { readonly value: ArgValue }>>;
}

/** A term whose penalty has diagnostics: its id, the entry and its resolved args. */
export interface DiagnosedTerm {
  readonly id: string;
  readonly def: PenaltyDef;
  readonly args: Record<string, ArgValue>;
}

/**
 * The terms of the resolved spec `config.spec` whose penalty defines `diagnostics`: a built-in,
 * or for a `use` module's term the entry of that name in `modulePenalties` (the ones the trainer
 * imported). A config without terms gives [].
 */
export function diagnosedTerms(
  config: unknown,
  modulePenalties: readonly PenaltyDef[] = [],
): DiagnosedTerm[] {
  const spec = (config as { spec?: { terms?: readonly TermLike[] } } | undefined)?.spec;
  const out: DiagnosedTerm[] = [];
  for (const t of spec?.terms ?? []) {
    const defs = t.module !== undefined ? modulePenalties : penalties;
    const def = defs.find((p) => p.name === t.entry);
    if (def?.diagnostics === undefined) continue;
    const args = Object.fromEntries(Object.entries(t.args).map(([k, v]) => [k, v.value]));
    out.push({ id: t.id, def, args });
  }
  return out;
}

/**
 * `{ "<term id>/<name>": value }` for every diagnostic scalar of `terms` (the float32 value read
 * back, in the diagnostic's own unit), computed from the step's context `ctx` and the term's
 * state where it has one (already updated by this step). Undefined when there is no context or
 * no scalar. Leaves no tensor behind.
 * @throws Error naming the term when a diagnostic is not a scalar
 */
export function diagnosticsRecord(
  terms: readonly DiagnosedTerm[],
  ctx: TermContext | undefined,
  states: Readonly<Record<string, TermState>> = {},
): Record<string, number> | undefined {
  if (!ctx || terms.length === 0) return undefined;
  const out: Record<string, number> = {};
  for (const t of terms) {
    const scalars = tf.tidy(() => t.def.diagnostics!(ctx, t.args, states[t.id]));
    try {
      for (const [name, s] of Object.entries(scalars)) {
        if (s.size !== 1)
          throw new Error(
            `diagnostic '${name}' of term '${t.id}' (${t.def.name}) has shape [${s.shape.join(", ")}]; it must be a scalar`,
          );
        out[`${t.id}/${name}`] = s.dataSync()[0]!;
      }
    } finally {
      tf.dispose(Object.values(scalars));
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
