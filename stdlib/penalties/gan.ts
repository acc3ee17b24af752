/** gan(loss): the adversarial game's generator and discriminator losses, from logits. */
import * as tf from "@tensorflow/tfjs";
import { argEnum } from "../args.js";
import type { PenaltyDef } from "../types.js";
import { extraTensor } from "./context.js";

export type GanLoss = "non_saturating" | "minimax" | "hinge";
const LOSSES: readonly GanLoss[] = ["non_saturating", "minimax", "hinge"];

/**
 * The generator's loss from the discriminator's logits on fakes l_f [B] or [B,1], scalar:
 * non_saturating −E log σ(l_f) = E softplus(−l_f); minimax E log(1 − σ(l_f)) = −E softplus(l_f);
 * hinge −E l_f. Source: Goodfellow et al. 2014 eq. 1 and §3; Lim & Ye 2017 (hinge).
 */
export function ganGeneratorLoss(fakeLogits: tf.Tensor, loss: GanLoss): tf.Scalar {
  return tf.tidy(() => {
    if (loss === "non_saturating") return tf.mean(tf.softplus(tf.neg(fakeLogits))) as tf.Scalar;
    if (loss === "minimax") return tf.neg(tf.mean(tf.softplus(fakeLogits))) as tf.Scalar;
    return tf.neg(tf.mean(fakeLogits)) as tf.Scalar;
  });
}

/**
 * The discriminator's loss from logits on real l_r and fake l_f, scalar: for non_saturating and
 * minimax the BCE E softplus(−l_r) + E softplus(l_f) (= −E log D(x) − E log(1 − D(G(z))));
 * for hinge E relu(1 − l_r) + E relu(1 + l_f).
 */
export function ganDiscriminatorLoss(
  realLogits: tf.Tensor,
  fakeLogits: tf.Tensor,
  loss: GanLoss,
): tf.Scalar {
  return tf.tidy(() => {
    if (loss === "hinge") {
      return tf.add(
        tf.mean(tf.relu(tf.sub(1, realLogits))),
        tf.mean(tf.relu(tf.add(1, fakeLogits))),
      ) as tf.Scalar;
    }
    return tf.add(
      tf.mean(tf.softplus(tf.neg(realLogits))),
      tf.mean(tf.softplus(fakeLogits)),
    ) as tf.Scalar;
  });
}

/**
 * compute() returns the generator's loss, reading the discriminator logits on generated samples
 * from ctx.extra.d_fake_logits (provided by the gan backbone); the backbone's discriminator
 * step uses ganDiscriminatorLoss with ctx.extra.d_real_logits.
 */
export const gan: PenaltyDef = {
  kind: "penalty",
  name: "gan",
  traits: { trainsRoles: ["generator", "discriminator"] },
  updates: ["main"],
  signature: {
    params: [
      {
        name: "loss",
        type: { kind: "enum", values: LOSSES },
        positional: true,
        default: "non_saturating",
        doc: "non_saturating (G minimises −log D(G(z))), minimax (G minimises log(1 − D(G(z)))), or hinge",
      },
    ],
    doc: "Adversarial loss from discriminator logits, averaged over the batch, nats. As a term it is the generator's loss (non_saturating: E softplus(−l_fake)); the discriminator is trained on E softplus(−l_real) + E softplus(l_fake) (hinge: E relu(1 − l_real) + E relu(1 + l_fake)) by its own optimizer.",
    source:
      "Goodfellow et al. 2014, eq. 1 and §3 (non-saturating); Lim & Ye 2017 (hinge); openai/InfoGAN infogan_trainer.py.",
    needs: ["discriminator"],
  },
  reads: () => ["extra.d_fake_logits"],
  compute(ctx, args) {
    const loss = argEnum(args, "loss", LOSSES, "gan");
    return ganGeneratorLoss(
      extraTensor(
        ctx,
        "d_fake_logits",
        "gan",
        "the gan backbone (discriminator logits on generated samples)",
      ),
      loss,
    );
  },
  diagnostics(ctx, args): Record<string, tf.Scalar> {
    const loss = argEnum(args, "loss", LOSSES, "gan");
    const real = ctx.extra.d_real_logits;
    const fake = ctx.extra.d_fake_logits;
    if (real === undefined || fake === undefined) return {};
    return { d_loss: ganDiscriminatorLoss(real, fake, loss) };
  },
};
