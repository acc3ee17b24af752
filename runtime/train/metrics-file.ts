/** metrics.jsonl: one JSON object per logged step, appended; truncated to a step on resume. */
import * as fs from "node:fs";
import type { LogRecord } from "./progress.js";

/**
 * Appends one record as a JSON line (non-finite numbers are written as null); `kl_per_latent`
 * holds each Gaussian latent's mean KL per dimension in nats ({ z: [D] }).
 */
export function appendMetrics(
  file: string,
  rec: LogRecord,
  latents?: { kl_per_latent: Record<string, number[]> },
): void {
  fs.appendFileSync(
    file,
    JSON.stringify(latents ? { ...rec, ...latents } : rec, (_k, v: unknown) =>
      typeof v === "number" && !Number.isFinite(v) ? null : v,
    ) + "\n",
  );
}

/** Keeps only the lines with step ≤ `maxStep` (0 empties the file); a missing file stays missing. */
export function truncateMetrics(file: string, maxStep: number): void {
  if (!fs.existsSync(file)) return;
  const kept = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => {
      if (!line.trim()) return false;
      try {
        return (JSON.parse(line) as { step?: number }).step! <= maxStep;
      } catch {
        return false;
      }
    });
  fs.writeFileSync(file, kept.map((l) => l + "\n").join(""));
}
