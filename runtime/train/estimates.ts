/**
 * Estimates below their bound: terms that estimate a quantity ≥ 0 (a KL divergence: total
 * correlation, mutual information, dimension-wise KL) with an estimator that can go below 0
 * (the minibatch estimators at B ≪ N, a discriminator's density ratio). The first logged value
 * below −NEGATIVE_TOLERANCE (0.1) nats of each such term gets one warning, with the entry's own
 * reason and hint (PenaltyDef.negativeEstimate).
 */
import { penalties } from "../../stdlib/penalties/index.js";
import type { ArgValue, PenaltyDef } from "../../stdlib/types.js";
import { formatValue } from "./progress.js";

/** Values above −0.1 nats count as 0: an estimate of a KL near 0 wobbles around it early in training. */
export const NEGATIVE_TOLERANCE = 0.1;

/** One term of a resolved spec (config.spec.terms[i]) as this module reads it. */
interface TermLike {
  readonly id: string;
  readonly entry: string;
  readonly args: Readonly<Record<string, { readonly value: ArgValue }>>;
}

/**
 * term id → why it can go negative, for each term of the resolved spec `config.spec` whose
 * penalty has `negativeEstimate` (built-in penalties only; a `use` module's terms are skipped).
 * B = batchSize, N = datasetSize. A config without terms gives an empty map.
 */
export function negativeEstimateNotes(
  config: unknown,
  batchSize: number,
  datasetSize: number,
  modulePenalties: readonly PenaltyDef[] = [],
): Map<string, string> {
  const notes = new Map<string, string>();
  const spec = (config as { spec?: { terms?: readonly TermLike[] } } | undefined)?.spec;
  for (const t of spec?.terms ?? []) {
    const defs = (t as { module?: string }).module !== undefined ? modulePenalties : penalties;
    const def = defs.find((p) => p.name === t.entry);
    if (def?.negativeEstimate === undefined) continue;
    const args = Object.fromEntries(Object.entries(t.args).map(([k, v]) => [k, v.value]));
    const note = def.negativeEstimate(args, batchSize, datasetSize);
    if (note !== undefined) notes.set(t.id, note);
  }
  return notes;
}

/** Warns once per term, through `warn`, the first time a logged value is below 0. */
export class NegativeEstimateWatch {
  private readonly warned = new Set<string>();

  constructor(
    private readonly notes: ReadonlyMap<string, string>,
    private readonly warn: (line: string) => void,
  ) {}

  /** Checks one logged step's term values (nats). */
  check(step: number, values: Readonly<Record<string, number>>): void {
    for (const [id, note] of this.notes) {
      const v = values[id];
      if (v === undefined || !(v < -NEGATIVE_TOLERANCE) || this.warned.has(id)) continue;
      this.warned.add(id);
      this.warn(`warning: step ${step}: ${id} = ${formatValue(v)} nats is below 0: ${note}.`);
    }
  }
}
