/**
 * `epochs` where steps are meant (issue 20, item 6): converted with the data set's size and the
 * batch, ⌈E · N / B⌉ steps, and shown with the arithmetic in the resolved spec; where the size is
 * not known before training (a data file) the error's hint keeps the meaning (DIS3025), and an
 * epoch count is never turned into the same number of steps.
 */
import { describe, expect, it } from "vitest";
import { runFrontEnd } from "../../compiler/driver.js";
import { resolvedSpecLines } from "../../compiler/emit/resolved-spec.js";
import { loadDataset } from "../../runtime/data/load.js";
import { registry } from "../../stdlib/registry.js";
import type { DatasetDef } from "../../stdlib/types.js";

const spec = (data: string, net = "64") => `model m {
  data ${data}
  latent z ~ normal(4)
  encoder conv${net}(): x -> z
  decoder deconv${net}(): z -> x ~ bernoulli
  loss = recon(x) + capacity(z, max: 25 nats, over: 0.5 epochs)
  train {
    optimizer: adam(lr: 1e-3)
    steps: 2 epochs
  }
  evaluate every 1 epochs {
    metrics: [mig]
  }
}
`;

describe("epochs (issue 20, item 6)", () => {
  it("2 epochs of dSprites at batch 64 are 23,040 steps, printed with the arithmetic", () => {
    const r = runFrontEnd(spec("dsprites(batch: 64)"), "e.dis");
    expect(r.diagnostics).toEqual([]);
    expect(r.ir!.train.steps.value).toBe(23_040);
    expect(r.ir!.evaluate!.every.value).toBe(11_520);
    const text = resolvedSpecLines(r.ir!).join("\n");
    expect(text).toMatch(
      /steps: 23040 +e\.dis:9:5 \(2 epochs = ⌈2 × 737,280 \/ 64⌉ = 23,040 steps\)/,
    );
    expect(text).toMatch(/over: 5760 .*\(0\.5 epochs = ⌈0\.5 × 737,280 \/ 64⌉ = 5,760 steps\)/);
    expect(text).toMatch(/evaluate every 11520 .*\(1 epochs = /);
  });

  it("rounds a partial last batch up: 2 epochs of MNIST at batch 64 are 1,875 steps", () => {
    const r = runFrontEnd(spec("mnist(batch: 64)", "28"), "e.dis");
    expect(r.diagnostics).toEqual([]);
    expect(r.ir!.train.steps.value).toBe(1875);
    expect(r.ir!.evaluate!.every.value).toBe(938);
  });

  it("a data file's size is unknown: DIS3025 with a hint that keeps the meaning", () => {
    const r = runFrontEnd(spec('dsprites(batch: 32, path: "d.npz")'), "e.dis");
    const steps = r.diagnostics.find((d) => d.span.start.line === 9)!;
    expect(steps.code).toBe("DIS3025");
    expect(steps.hint).toBe(
      "write it in steps: 2 epochs of N examples at batch 32 are ⌈2 × N / 32⌉ steps.",
    );
    expect(r.diagnostics.map((d) => d.hint).join(" ")).not.toMatch(/write `2 steps`/);
  });

  it("each data set's static size is the size the runtime loads", async () => {
    for (const name of ["dsprites", "mnist", "pendulum"]) {
      const def = registry.lookup("dataset", name) as DatasetDef;
      const ds = await loadDataset(name, {});
      expect(def.examples?.({ path: "" }), name).toBe(ds.size);
      expect(def.examples?.({ path: "file" }), name).toBeUndefined();
    }
  });
});
