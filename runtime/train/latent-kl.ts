/**
 * Per-dimension KL of each Gaussian latent over one training batch, logged in metrics.jsonl as
 * `kl_per_latent: { z: [D] }` every logEvery steps so the report can draw each latent's KL over
 * training. KL(N(mu, e^logvar) ‖ N(0, 1)) = ½(mu² + e^logvar − logvar − 1), averaged over the
 * batch (Kingma & Welling 2014, App. B), in nats — the same quantity as kl_per_latent.json.
 */
import * as tf from "@tensorflow/tfjs";
import type { TermContext } from "../../stdlib/types.js";

/**
 * { latent name → mean KL per dimension [D] in nats, rounded to 1e-5 } for every latent of the
 * step's context that has both mu and logvar [B, D]; undefined when none has.
 */
export function latentKlRecord(ctx: TermContext | undefined): Record<string, number[]> | undefined {
  if (!ctx) return undefined;
  const out: Record<string, number[]> = {};
  for (const [name, l] of Object.entries(ctx.latents)) {
    if (
      !l.mu ||
      !l.logvar ||
      l.mu.rank !== 2 ||
      !l.mu.shape.every((s, i) => s === l.logvar!.shape[i])
    )
      continue;
    const mu = l.mu;
    const lv = l.logvar;
    const kl = tf.tidy(() =>
      tf.mean(tf.mul(0.5, tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(lv)), lv), 1)), 0),
    );
    out[name] = Array.from(kl.dataSync(), (v) => Math.round(v * 1e5) / 1e5);
    kl.dispose();
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
