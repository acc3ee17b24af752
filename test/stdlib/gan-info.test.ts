import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import {
  alphaBars,
  categorical,
  denoise,
  edmPreconditioning,
  gan,
  ganDiscriminatorLoss,
  ganGeneratorLoss,
  info,
  labelAlign,
  linearBetas,
  priorEntropy,
} from "../../stdlib/index.js";
import { ctxWith, val } from "./helpers.js";

const sp = (x: number) => Math.log1p(Math.exp(x));

describe("info(c): L_I = E log Q(c|x) + H(c)", () => {
  it("H(Cat(10)) = ln 10; H(U(−1,1)^2) = 2 ln 2", () => {
    expect(priorEntropy("categorical", { k: 10 })).toBeCloseTo(Math.log(10), 10);
    expect(priorEntropy("uniform", { low: -1, high: 1, size: 2 })).toBeCloseTo(2 * Math.LN2, 10);
  });
  it("categorical code: uniform Q logits give L_I = 0; a confident correct Q gives ≈ ln 10", () => {
    const c = categorical.sample(16, { k: 10 }, 1);
    const priors = { c: { distribution: "categorical", args: { k: 10 } } };
    const flat = tf.zeros([16, 10]);
    const sharp = tf.mul(c, 50);
    const args = { code: "c", routing: "paper", std: "fixed" };
    expect(
      val(
        info.compute(
          ctxWith({ latents: { c: { sample: c } }, outputs: { c: flat }, priors }),
          args,
        ),
      ),
    ).toBeCloseTo(0, 5);
    expect(
      val(
        info.compute(
          ctxWith({ latents: { c: { sample: c } }, outputs: { c: sharp }, priors }),
          args,
        ),
      ),
    ).toBeCloseTo(Math.log(10), 4);
    tf.dispose([c, flat, sharp]);
  });
  it("continuous code, fixed std: −½ ln 2π − ½(c − m)² per dim plus D ln(high − low)", () => {
    const c = tf.tensor2d([[0.5, -0.5]]);
    const m = tf.tensor2d([[0, 0]]);
    const priors = { s: { distribution: "uniform", args: { low: -1, high: 1, size: 2 } } };
    const got = val(
      info.compute(ctxWith({ latents: { s: { sample: c } }, outputs: { s: m }, priors }), {
        code: "s",
        routing: "paper",
        std: "fixed",
      }),
    );
    expect(got).toBeCloseTo(2 * (-0.5 * Math.log(2 * Math.PI) - 0.125) + 2 * Math.LN2, 5);
    // learned std: Q gives [m ‖ raw log-variance]; raw = ln 4 → s = 2
    const q = tf.tensor2d([[0, 0, Math.log(4), Math.log(4)]]);
    const got2 = val(
      info.compute(ctxWith({ latents: { s: { sample: c } }, outputs: { s: q }, priors }), {
        code: "s",
        routing: "paper",
        std: "learned",
      }),
    );
    expect(got2).toBeCloseTo(
      2 * (-0.5 * Math.log(2 * Math.PI) - Math.log(2) - 0.5 * 0.0625) + 2 * Math.LN2,
      5,
    );
    tf.dispose([c, m, q]);
  });
  it("without ctx.priors it says what is missing", () => {
    const c = tf.zeros([1, 2]) as tf.Tensor2D;
    expect(() =>
      info.compute(ctxWith({ latents: { c: { sample: c } }, outputs: { c } }), {
        code: "c",
        routing: "paper",
        std: "fixed",
      }),
    ).toThrow(/ctx.priors/);
    c.dispose();
  });
});

describe("gan losses from logits", () => {
  const real = [2, -1, 0.3];
  const fake = [-2, 0.5, 1];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  it("generator: non_saturating E softplus(−l), minimax −E softplus(l), hinge −E l", () => {
    const f = tf.tensor1d(fake);
    expect(val(ganGeneratorLoss(f, "non_saturating"))).toBeCloseTo(
      mean(fake.map((l) => sp(-l))),
      5,
    );
    expect(val(ganGeneratorLoss(f, "minimax"))).toBeCloseTo(-mean(fake.map(sp)), 5);
    expect(val(ganGeneratorLoss(f, "hinge"))).toBeCloseTo(-mean(fake), 5);
    expect(
      val(gan.compute(ctxWith({ extra: { d_fake_logits: f } }), { loss: "non_saturating" })),
    ).toBeCloseTo(mean(fake.map((l) => sp(-l))), 5);
    f.dispose();
  });
  it("discriminator: BCE E softplus(−l_r) + E softplus(l_f); hinge E relu(1 − l_r) + E relu(1 + l_f)", () => {
    const r = tf.tensor1d(real);
    const f = tf.tensor1d(fake);
    expect(val(ganDiscriminatorLoss(r, f, "non_saturating"))).toBeCloseTo(
      mean(real.map((l) => sp(-l))) + mean(fake.map(sp)),
      5,
    );
    const relu = (x: number) => Math.max(0, x);
    expect(val(ganDiscriminatorLoss(r, f, "hinge"))).toBeCloseTo(
      mean(real.map((l) => relu(1 - l))) + mean(fake.map((l) => relu(1 + l))),
      5,
    );
    tf.dispose([r, f]);
  });
});

describe("label_align (CausalVAE)", () => {
  it("prior_kl = mean_b Σ ½(mu − ũ)² with labels z-scored over the batch; mse doubles it", () => {
    // 2 concepts × 2 dims; labels per column are (0, 2) → z-scores (−1, 1)
    const mu = tf.tensor2d([
      [0, 0, 1, 1],
      [0, 0, 1, 1],
    ]);
    const y = tf.tensor2d([
      [0, 5],
      [2, 7],
    ]);
    // example 0: ũ = (−1, −1): Σ ½[(0+1)²·2 + (1+1)²·2] = ½(2 + 8) = 5; example 1: ũ = (1, 1): ½(2 + 0) = 1 → mean 3
    const ctx = ctxWith({ y, latents: { z: { mu, logvar: mu, sample: mu } } });
    expect(
      val(labelAlign.compute(ctx, { latent: "z", labels: "y", form: "prior_kl" })),
    ).toBeCloseTo(3, 4);
    expect(val(labelAlign.compute(ctx, { latent: "z", labels: "y", form: "mse" }))).toBeCloseTo(
      6,
      4,
    );
    tf.dispose([mu, y]);
  });
});

describe("denoise (diffusion) helpers and term", () => {
  it("linear betas 1e-4 → 0.02 over T = 1000; ᾱ decreasing", () => {
    const b = linearBetas(1000);
    expect(b[0]).toBeCloseTo(1e-4, 10);
    expect(b[999]).toBeCloseTo(0.02, 10);
    const a = alphaBars(1000);
    expect(a[0]).toBeCloseTo(1 - 1e-4, 10);
    expect(a[999]!).toBeLessThan(1e-4);
  });
  it("EDM preconditioning at σ = σ_data: c_skip = ½, c_out = σ/√2, weight 8", () => {
    const p = edmPreconditioning(0.5);
    expect(p.cSkip).toBeCloseTo(0.5, 10);
    expect(p.cOut).toBeCloseTo(0.25 / Math.sqrt(0.5), 10);
    expect(p.weight).toBeCloseTo(8, 10);
  });
  it("linear: per-pixel mean of (ε − ε̂)²; throws until the backbone provides the tensors", () => {
    const eps = tf.ones([2, 2, 2, 1]);
    const pred = tf.zeros([2, 2, 2, 1]);
    expect(
      val(
        denoise.compute(ctxWith({ extra: { denoise_eps: eps, denoise_eps_pred: pred } }), {
          target: "x",
          schedule: "linear",
          timesteps: 1000,
        }),
      ),
    ).toBeCloseTo(1, 6);
    expect(() =>
      denoise.compute(ctxWith({}), { target: "x", schedule: "linear", timesteps: 1000 }),
    ).toThrow(/diffusion backbone/);
    tf.dispose([eps, pred]);
  });
});
