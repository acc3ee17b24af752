/**
 * Words for what each latent does: the traversal's row labels ("z3 · 2.41 nats · posX (0.52)"),
 * the one line that stands for the collapsed latents, and the sentence a run ends with
 * ("z3 ↔ posX (NMI 0.52), z1 ↔ posY (0.47); shape: no latent ≥ 0.2"). KL is the mean
 * KL(q(z_d|x) ‖ p(z_d)) in nats; NMI is `normalizedMutualInfo` (runtime/metrics/latent-factors.ts).
 */

/**
 * A latent's KL below this many nats means it is collapsed to the prior: its traversal row does
 * not visibly change (the quickstart's unused latents sit at 0.01–0.02 nats).
 */
export const COLLAPSED_KL = 0.1;
/** A factor counts as captured when some latent's NMI with it reaches this. */
export const CAPTURED_NMI = 0.2;

/** The latent × factor information the labels are made from. */
export interface LatentTable {
  /** Mean KL per latent in nats, [D]. */
  readonly kl: ArrayLike<number>;
  /** Factor names [K]; empty when the data set has none. */
  readonly factors: readonly string[];
  /** NMI [D][K] in [0, 1], or null without factors. */
  readonly nmi: readonly (readonly number[])[] | null;
}

/** One drawn row of the traversal. */
export interface LatentRow {
  readonly latent: number;
  /** nats */
  readonly kl: number;
  /** The factor with the largest NMI, and that NMI; absent without factors. */
  readonly factor?: string;
  readonly nmi?: number;
  /** "z3 · 2.41 nats · posX (0.52)", or "z3 · 2.41 nats" without factors. */
  readonly label: string;
}

/** The rows to draw (KL descending, ties by index) and the collapsed latents (by index). */
export interface LatentRows {
  readonly rows: LatentRow[];
  readonly collapsed: number[];
  /** "z0, z5, z7, z9: collapsed, KL < 0.1 nats", or null when none is collapsed. */
  readonly collapsedLabel: string | null;
}

/**
 * KL in nats for a label: two decimals ("2.41"), three significant digits below 0.1 ("0.0123"),
 * "<0.001" below 0.001.
 */
export function formatNats(v: number): string {
  if (Math.abs(v) >= 0.1 || v === 0) return v.toFixed(2);
  return Math.abs(v) < 0.001 ? "<0.001" : v.toPrecision(3);
}

/** The factor with the largest NMI for latent d (first on ties), or null without factors. */
export function bestFactor(t: LatentTable, d: number): { factor: string; nmi: number } | null {
  const row = t.nmi?.[d];
  if (!row || row.length === 0 || t.factors.length === 0) return null;
  let best = 0;
  for (let k = 1; k < row.length; k++) if ((row[k] as number) > (row[best] as number)) best = k;
  return { factor: t.factors[best] ?? `factor ${best}`, nmi: row[best] as number };
}

/**
 * The traversal's rows: every latent with KL ≥ `collapsedBelow` nats, sorted by KL descending,
 * labelled with its index, KL and best factor; the others go into one collapsed line.
 * @throws RangeError when the NMI matrix does not have one row per latent.
 */
export function latentRows(t: LatentTable, collapsedBelow = COLLAPSED_KL): LatentRows {
  const D = t.kl.length;
  if (t.nmi !== null && t.nmi.length !== D)
    throw new RangeError(`latentRows: ${t.nmi.length} NMI rows for ${D} latents.`);
  const order = Array.from({ length: D }, (_, d) => d).sort(
    (a, b) => (t.kl[b] as number) - (t.kl[a] as number) || a - b,
  );
  const rows: LatentRow[] = [];
  const collapsed: number[] = [];
  for (const d of order) {
    const kl = t.kl[d] as number;
    if (!(kl >= collapsedBelow)) {
      collapsed.push(d);
      continue;
    }
    const best = bestFactor(t, d);
    const label = `z${d} · ${formatNats(kl)} nats${best ? ` · ${best.factor} (${best.nmi.toFixed(2)})` : ""}`;
    rows.push(
      best
        ? { latent: d, kl, factor: best.factor, nmi: best.nmi, label }
        : { latent: d, kl, label },
    );
  }
  collapsed.sort((a, b) => a - b);
  const collapsedLabel =
    collapsed.length === 0
      ? null
      : `${collapsed.map((d) => `z${d}`).join(", ")}: collapsed, KL < ${collapsedBelow} nats`;
  return { rows, collapsed, collapsedLabel };
}

/**
 * In words, which latent captures which factor: for each factor the latent with the largest NMI,
 * listed by NMI descending when it reaches `threshold`, then the factors no latent reaches, e.g.
 * "z3 ↔ posX (NMI 0.52), z1 ↔ posY (0.47); shape, orientation: no latent ≥ 0.2". A latent that
 * is best for two factors appears twice (the factors are mixed in it). Null without factors.
 */
export function factorSummary(t: LatentTable, threshold = CAPTURED_NMI): string | null {
  if (t.nmi === null || t.factors.length === 0 || t.nmi.length === 0) return null;
  const found: { d: number; factor: string; nmi: number }[] = [];
  const missed: string[] = [];
  t.factors.forEach((factor, k) => {
    let d = 0;
    for (let j = 1; j < t.nmi!.length; j++) if ((t.nmi![j]![k] ?? 0) > (t.nmi![d]![k] ?? 0)) d = j;
    const nmi = t.nmi![d]![k] ?? 0;
    if (nmi >= threshold) found.push({ d, factor, nmi });
    else missed.push(factor);
  });
  found.sort((a, b) => b.nmi - a.nmi);
  const pairs = found.map(
    (f, i) => `z${f.d} ↔ ${f.factor} (${i === 0 ? "NMI " : ""}${f.nmi.toFixed(2)})`,
  );
  const rest = missed.length > 0 ? `${missed.join(", ")}: no latent ≥ ${threshold}` : "";
  return [pairs.join(", "), rest].filter((s) => s !== "").join("; ");
}
