/** kl(z): the analytic KL of the Gaussian posterior to the N(0, I) prior. */
import { argString } from "../args.js";
import { requirePosterior } from "../issues.js";
import { gaussianKl } from "../math/gaussian.js";
import { latentParam } from "../params.js";
import type { PenaltyDef } from "../types.js";
import { posterior, str } from "./context.js";

/** KL(q(z|x) ‖ N(0, I)) = ½Σ_d(mu² + e^logvar − logvar − 1), summed over D, mean over batch; nats. */
export const kl: PenaltyDef = {
  kind: "penalty",
  name: "kl",
  traits: { minimised: true, readsPosterior: true },
  updates: ["main"],
  signature: {
    params: [latentParam],
    doc: "Analytic KL(N(mu, exp(logvar)) ‖ N(0, I)) of the posterior to the standard normal prior: ½Σ_d(mu² + e^logvar − logvar − 1) summed over the D latent dims, averaged over the batch; nats. With weight beta it is the beta-VAE regulariser.",
    source:
      "Kingma & Welling 2014, Appendix B; Higgins et al. 2017 (beta-VAE) eq. 4; disentanglement_lib vae.py::compute_gaussian_kl.",
    needs: ["posterior"],
    check: (ctx) => requirePosterior(ctx, "latent", "kl"),
  },
  reads: (args) => [`latents.${str(args, "latent")}.mu`, `latents.${str(args, "latent")}.logvar`],
  pytorch: (py) => {
    const z = py.latent(String(py.value("latent")));
    return `P.gaussian_kl(${z.mu}, ${z.logvar})`;
  },
  compute(ctx, args) {
    const name = argString(args, "latent", "kl");
    const { mu, logvar } = posterior(ctx, name, "kl");
    return gaussianKl(mu, logvar);
  },
};
