/**
 * Reading back what the labelled traversal wrote: `latent_factors.json` (the latent × factor NMI
 * matrix) and `kl_per_latent.json`, and the run's closing lines made from them. No chart code, so
 * the CLI can print them without loading vega.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { factorSummary, latentRows } from "./latent-labels.js";

/** latent_factors.json as `writeLabelledTraversal` writes it. */
export interface LatentFactorsFile {
  /** Mean KL per latent in nats, [D]. */
  kl?: number[];
  factors: string[];
  /** NMI [D][K] in [0, 1]. */
  nmi: number[][];
  samples?: number;
  bins?: number;
}

/**
 * The file at `path`, or null when it is missing or lacks `factors` / `nmi`.
 * @throws Error naming the file when it is not valid JSON.
 */
export function readLatentFactors(path: string): LatentFactorsFile | null {
  if (!existsSync(path)) return null;
  try {
    const f = JSON.parse(readFileSync(path, "utf8")) as LatentFactorsFile;
    return Array.isArray(f.factors) && Array.isArray(f.nmi) ? f : null;
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/**
 * The run's closing lines about its latents: how many carry information and which are collapsed
 * (kl_per_latent.json), and in words which latent captures which factor (latent_factors.json),
 * e.g. "latents ↔ factors: z3 ↔ posX (NMI 0.52), z1 ↔ posY (0.47); shape: no latent ≥ 0.2".
 * Empty when neither file is there.
 */
export function latentSummaryLines(runDir: string): string[] {
  const lines: string[] = [];
  const klPath = join(runDir, "kl_per_latent.json");
  const klFile = existsSync(klPath)
    ? (JSON.parse(readFileSync(klPath, "utf8")) as { kl?: unknown })
    : null;
  if (klFile && Array.isArray(klFile.kl) && klFile.kl.every((v) => typeof v === "number")) {
    const r = latentRows({ kl: klFile.kl as number[], factors: [], nmi: null });
    lines.push(
      `latents: ${r.rows.length} of ${klFile.kl.length} carry information${r.collapsedLabel ? `; ${r.collapsedLabel}` : ""}`,
    );
  }
  const f = readLatentFactors(join(runDir, "latent_factors.json"));
  if (f !== null) {
    const sentence = factorSummary({
      kl: f.kl ?? f.nmi.map(() => 1),
      factors: f.factors,
      nmi: f.nmi,
    });
    if (sentence) lines.push(`latents ↔ factors: ${sentence}`);
  }
  return lines;
}
