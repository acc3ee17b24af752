/**
 * The shape of a diffusion model the diffusion back end trains (compiler/emit/emit-diffusion.ts),
 * checked so that no part of the spec is dropped on the way to the program: one denoiser
 * (DIS2006; the back end runs the first; wiring and shapes make it produce the images `x`),
 * `denoise(x)` naming what it produces (DIS3009), and exactly one `denoise` term (DIS3028): its schedule
 * and T fix the noising of every step and the sampler, so a second term with another schedule
 * would read tensors no step makes, and without one the denoiser is never trained.
 */
import type { CheckContext } from "./context.js";
import type { CheckedModel } from "./types.js";

/** All diffusion structure rules for one model (nothing for other backbones). */
export function checkDiffusion(ctx: CheckContext, m: CheckedModel): void {
  if (m.backbone !== "diffusion") return;
  const denoisers = m.networks.filter((n) => n.role === "denoiser");
  for (const extra of denoisers.slice(1)) {
    ctx.report(
      "DIS2006",
      extra.span,
      "A diffusion model has one denoiser, but this is a second one.",
      {
        hint: "keep one, conditioned on every latent it reads, e.g. `denoiser unet(): (x, z, w) -> x`.",
        related: [{ span: denoisers[0]!.span, message: "The first denoiser is here." }],
      },
    );
  }
  const denoiser = denoisers[0];
  const terms = m.terms.filter((t) => t.call.entry.name === "denoise");
  for (const t of terms) {
    const target = t.call.args["target"]?.value;
    if (denoiser === undefined || target === undefined || denoiser.outputs.includes(String(target)))
      continue;
    ctx.report(
      "DIS3009",
      t.call.argSpans["target"] ?? t.node.span,
      `\`denoise(${String(target)})\` scores the denoiser's reconstruction of \`${String(target)}\`, but the denoiser produces \`${denoiser.outputs.join(", ")}\`.`,
      { hint: "denoise what the denoiser produces: `denoise(x, …)`." },
    );
  }
  if (terms.length === 0) {
    ctx.report(
      "DIS3028",
      m.lossExpr?.span ?? m.decl.span,
      "A diffusion model's loss needs one `denoise(…)` term, but this loss has none.",
      {
        hint: "add the denoising term, e.g. `loss = denoise(x, schedule: linear, timesteps: 1000) + 1e-6 * kl(z)`.",
      },
    );
  }
  for (const extra of terms.slice(1)) {
    ctx.report(
      "DIS3028",
      extra.node.span,
      "A diffusion model's loss has one `denoise(…)` term, but this is a second one.",
      {
        hint: "one schedule noises every step and drives the sampler: keep one `denoise` term (weight it to scale it).",
        related: [{ span: terms[0]!.node.span, message: "The first `denoise` term is here." }],
      },
    );
  }
}
