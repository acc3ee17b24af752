/**
 * `study { … }` blocks: the StudySpec of every model with one (`FrontEndResult.studies`), its
 * seeds (a list, a count, or the train seed), axes in declaration order, params with their
 * declared defaults (never the values given), and the checks that need more than one file to
 * show (the golden bad cases under test/golden/bad/study show each diagnostic).
 */
import { describe, expect, it } from "vitest";
import { runFrontEnd } from "../../compiler/driver.js";

const model = (name: string, study: string, train = "steps: 1k"): string => `model ${name} {
  param beta = 4
  param lr = 5e-4
  param C = 25 nats
  param est = mss
  data dsprites(batch: 64)
  latent z ~ normal(10)
  encoder conv64(): x -> z
  decoder deconv64(): z -> x ~ bernoulli
  loss = recon(x) + beta * kl(z) + 2 * total_correlation(z, estimator: est)
       + capacity(z, max: C, over: 1k steps)
  train { optimizer: adam(lr: lr), ${train} }
${study}
}
`;

const GRID = `  study {
    seeds: [0, 1, 2]
    grid {
      beta: [1, 2, 4, 8]
      lr: [5e-4, 1e-3]
      C: [10, 25 nats]
      est: [mss, mws]
    }
  }`;

describe("studies", () => {
  it("are checked into a StudySpec: params with defaults, axes in order, seeds as written", () => {
    const r = runFrontEnd(model("m", GRID), "s.dis");
    expect(r.diagnostics).toEqual([]);
    expect(r.studies).toHaveLength(1);
    const s = r.studies![0]!;
    expect(s.model).toBe("m");
    expect(s.params.map(({ name, value, unit }) => ({ name, value, unit }))).toEqual([
      { name: "beta", value: 4, unit: undefined },
      { name: "lr", value: 5e-4, unit: undefined },
      { name: "C", value: 25, unit: "nats" },
      { name: "est", value: "mss", unit: undefined },
    ]);
    expect(s.axes.map((a) => [a.name, a.values])).toEqual([
      ["beta", [1, 2, 4, 8]],
      ["lr", [5e-4, 1e-3]],
      ["C", [10, 25]],
      ["est", ["mss", "mws"]],
    ]);
    expect(s.seeds).toEqual([0, 1, 2]);
    expect(s.span.start.line).toBe(13);
    expect(s.axes[0]!.span.start).toMatchObject({ line: 16, column: 7 });
  });

  it("list the declared defaults even when values are given (one run of the study)", () => {
    const r = runFrontEnd(model("m", GRID), "s.dis", { params: { beta: 8, est: "mws" } });
    expect(r.diagnostics).toEqual([]);
    expect(r.studies![0]!.params.find((p) => p.name === "beta")!.value).toBe(4);
    expect(r.ir!.params!.find((p) => p.name === "beta")!.value).toBe(8);
  });

  it("`seeds: N` means seeds 0..N-1; without `seeds` the train seed is the one seed", () => {
    const count = runFrontEnd(model("m", "  study { seeds: 5 }"), "s.dis");
    expect(count.studies![0]!.seeds).toEqual([0, 1, 2, 3, 4]);
    expect(count.studies![0]!.axes).toEqual([]);
    const none = runFrontEnd(
      model("m", "  study { grid { beta: [1, 2] } }", "steps: 1k, seed: 7"),
      "s.dis",
    );
    expect(none.diagnostics).toEqual([]);
    expect(none.studies![0]!.seeds).toEqual([7]);
  });

  it("come one per model with a study, and none without", () => {
    const two = model("a", GRID) + model("b", "  study { seeds: 2 }") + model("c", "");
    const r = runFrontEnd(two, "s.dis");
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.studies!.map((s) => s.model)).toEqual(["a", "b"]);
    expect(runFrontEnd(model("c", ""), "s.dis").studies).toEqual([]);
  });

  it("are absent when the file has errors", () => {
    const r = runFrontEnd(model("m", "  study { seeds: [] }"), "s.dis");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["DIS3018"]);
    expect(r.studies).toBeUndefined();
  });

  it("larger than 1,000 runs are a warning, and still a study", () => {
    const big = "  study { seeds: 200\n    grid { beta: [1, 2, 4, 8, 16, 32] } }";
    const r = runFrontEnd(model("m", big), "s.dis");
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([["DIS3022", "warning"]]);
    expect(r.diagnostics[0]!.message).toBe(
      "This study trains 1,200 models (6 configurations × 200 seeds).",
    );
    expect(r.studies).toHaveLength(1);
  });

  it("check each grid value where its param is read (DIS2021), unless one run's values are given", () => {
    const bad = "  study { grid { lr: [5e-4, -1] } }";
    const r = runFrontEnd(model("m", bad), "s.dis");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["DIS2021"]);
    expect(r.diagnostics[0]!.related![0]!.message).toBe(
      "`lr` of `adam` must be at least 0, but got `-1`.",
    );
    // compiling one run of the study (here a valid one) checks that run's values only
    const run = runFrontEnd(model("m", bad), "s.dis", { params: { lr: 1e-3 } });
    expect(run.diagnostics).toEqual([]);
  });

  it("an axis on a param that clashes with another name is no param axis", () => {
    const text = model("m", "  study { grid { z: [1, 2] } }");
    const r = runFrontEnd(text, "s.dis");
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["DIS2018", "A grid axis is a param, but `z` is the latent `z`."],
    ]);
  });
});
