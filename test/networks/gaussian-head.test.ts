import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  GaussianParams,
  LOGVAR_MAX,
  LOGVAR_MIN,
  reparameterize,
  splitGaussian,
  withGaussianHead,
} from "../../runtime/nn/index.js";
import { mlp } from "../../stdlib/networks/index.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("GaussianParams / splitGaussian / reparameterize", () => {
  it("splits [B, 2D] and clamps logvar to the documented range", () => {
    const out = tf.tensor2d([
      [1, 2, 100, -100],
      [3, 4, 0.5, -2],
    ]);
    const { mu, logvar } = splitGaussian(out);
    expect(Array.from(mu.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(logvar.dataSync())).toEqual([LOGVAR_MAX, LOGVAR_MIN, 0.5, -2]);
  });

  it("logvar 100 gives a finite KL and sample", () => {
    const { mu, logvar } = splitGaussian(tf.tensor2d([[0, 100]]));
    const z = reparameterize(mu, logvar, tf.tensor2d([[1]]));
    // z = 0 + exp(20/2)·1
    expect(z.dataSync()[0]).toBeCloseTo(Math.exp(10), 0);
    const kl = tf.mul(
      0.5,
      tf.sum(tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), logvar), 1)),
    );
    const v = kl.dataSync()[0]!;
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo(0.5 * (Math.exp(20) - 20 - 1), -3);
  });

  it("reparameterize is mu + exp(logvar/2)·eps and checks shapes", () => {
    const z = reparameterize(
      tf.tensor2d([[1, -1]]),
      tf.tensor2d([[Math.log(4), 0]]),
      tf.tensor2d([[0.5, 2]]),
    );
    const v = Array.from(z.dataSync());
    expect(v[0]).toBeCloseTo(2, 6);
    expect(v[1]).toBeCloseTo(1, 6);
    expect(() =>
      reparameterize(
        tf.zeros([1, 2]) as tf.Tensor2D,
        tf.zeros([1, 3]) as tf.Tensor2D,
        tf.zeros([1, 2]) as tf.Tensor2D,
      ),
    ).toThrow(/same shape/);
  });

  it("is serialisable: an encoder with the head round-trips through save/load", async () => {
    const enc = withGaussianHead(mlp.build({ hidden: [4] }, { input: [3], output: [4] }, 0));
    expect(enc.layers.at(-1)).toBeInstanceOf(GaussianParams);
    let saved: tf.io.ModelArtifacts | undefined;
    await enc.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.tensor2d([[1, 2, 3]]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((enc.predict(x) as tf.Tensor).dataSync()),
    );
  });

  it("rejects odd widths", () => {
    expect(() => splitGaussian(tf.zeros([2, 3]) as tf.Tensor2D)).toThrow(/even/);
  });
});
