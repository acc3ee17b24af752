/**
 * A run directory for the report tests: losses (reconstruction ~110 nats, penalties 0–13 nats)
 * with per-latent KL every 100 steps, one MIG evaluation at step 400, kl_per_latent.json and a
 * latent_factors.json where z0 carries posX and z2 posY. `dirs` collects them for cleanup.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const dirs: string[] = [];

/** A run directory with losses (recon ~110, penalties 0–13 nats), per-latent KL and one MIG. */
export function fakeRun(): string {
  const dir = mkdtempSync(join(tmpdir(), "disc-report-latents-"));
  dirs.push(dir);
  const lines = [1, 2, 3, 4].map((i) =>
    JSON.stringify({
      step: i * 100,
      time: i,
      recon_x: 120 - 3 * i,
      total_correlation_z: 13 - 3 * i,
      dimwise_kl_z: 0.5 * i,
      total: 133 - 5.5 * i,
      kl_per_latent: { z: [0.6 * i, 0.001, 0.3 * i] },
    }),
  );
  lines.push(JSON.stringify({ step: 400, time: 5, "eval/mig": 0.25, "eval/mig/extra": 3 }));
  writeFileSync(join(dir, "metrics.jsonl"), lines.join("\n") + "\n");
  writeFileSync(join(dir, "kl_per_latent.json"), JSON.stringify({ kl: [2.41, 0.001, 1.2] }));
  writeFileSync(
    join(dir, "latent_factors.json"),
    JSON.stringify({
      kl: [2.41, 0.001, 1.2],
      unit: "nats",
      factors: ["shape", "posX", "posY"],
      nmi: [
        [0.05, 0.52, 0.1],
        [0.01, 0.01, 0.01],
        [0.02, 0.08, 0.47],
      ],
      samples: 10000,
      bins: 20,
    }),
  );
  return dir;
}
