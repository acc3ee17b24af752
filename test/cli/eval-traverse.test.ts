/**
 * `disc eval` / `disc traverse` / `evaluate every N` end to end on a tiny trained run
 * (32×32 dSprites, 4 latents, 4 steps on wasm): eval.json holds every metric with the requested
 * sample counts, periodic evaluation lines land in metrics.jsonl without changing the trained
 * weights, and traversal pictures have the grid's size.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { metricTable, runEval } from "../../compiler/cli/eval-command.js";
import { compile } from "../../compiler/driver.js";
import type { RunResult, TrainOptions } from "../../runtime/index.js";
import { runTraverse } from "../../compiler/cli/traverse-command.js";
import type { EvalLog } from "../../runtime/metrics/eval-log.js";
import type { MetricResult } from "../../runtime/metrics/types.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const OUT = join(REPO, "test", ".generated", "cli-eval");
const SPEC = `model tiny {
  data dsprites(batch: 16, size: 32)
  latent z ~ normal(4)
  encoder conv64(): x -> z
  decoder deconv64(): z -> x ~ bernoulli
  loss = recon(x) + 4.0 * kl(z)
  train {
    optimizer: adam(lr: 1e-3)
    steps: 4
    seed: 0
    log_every: 2
    checkpoint_every: 2
  }
  evaluate every 2 {
    metrics: [mig(samples: 100), gaussian_tc(samples: 100)]
    traversals: (range: 2.0, points: 5)
  }
}
`;

/**
 * Compiles SPEC into dir/trainer.ts and the resolved spec beside it (as `disc train` does) and
 * trains it in this process.
 */
const train = async (dir: string, evaluate: boolean): Promise<number> => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = await compile(SPEC, "tiny.dis");
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const file = join(dir, "trainer.ts");
  for (const [name, text] of Object.entries(r.files))
    writeFileSync(name.endsWith(".ts") ? file : join(dir, name), text);
  const mod = (await import(pathToFileURL(file).href)) as {
    train: (o: TrainOptions) => Promise<RunResult>;
  };
  return (await mod.train({ outDir: dir, backend: "wasm", quiet: true, evaluate })).steps;
};
const lines = (dir: string) =>
  readFileSync(join(dir, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, number>);
const pngSize = (file: string) => {
  const b = readFileSync(file);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
};

describe("evaluation commands", () => {
  const run = join(OUT, "run");
  const plain = join(OUT, "run-no-eval");
  beforeAll(async () => {
    expect(await train(run, true)).toBe(4);
    expect(await train(plain, false)).toBe(4);
  });

  it("evaluate every 2 appends eval records to metrics.jsonl and reuses the last one", () => {
    const evals = lines(run).filter((r) => "eval/mig" in r);
    expect(evals.map((r) => r.step)).toEqual([2, 4]);
    for (const r of evals) {
      expect(r["eval/mig"]).toBeGreaterThanOrEqual(0);
      expect(r["eval/mig"]).toBeLessThanOrEqual(1);
      expect(r["eval/gaussian_tc"]).toBeGreaterThanOrEqual(0);
      expect(r["eval/gaussian_tc/active_dims"]).toBe(4);
    }
    // finishRun reuses the step-4 scores instead of computing them again
    const final = JSON.parse(readFileSync(join(run, "evaluation.json"), "utf8")) as Record<
      string,
      MetricResult
    >;
    expect(final.mig?.value).toBe(evals[1]?.["eval/mig"]);
    expect(final.mig?.samples.train).toBe(100);
    expect(lines(plain).some((r) => "eval/mig" in r)).toBe(false);
  });

  it("periodic evaluation leaves the trained weights and losses unchanged", () => {
    const loss = (dir: string) =>
      lines(dir)
        .filter((r) => "total" in r)
        .map((r) => r.total);
    expect(loss(run)).toEqual(loss(plain));
    for (const net of ["encoder", "decoder"]) {
      const w = (dir: string) =>
        readFileSync(join(dir, "checkpoints", "step-4", net, "weights.bin"));
      expect(w(run).equals(w(plain)), net).toBe(true);
    }
  });

  it("disc eval writes eval.json with every metric, the requested samples and the report", async () => {
    expect(
      await runEval(run, { metrics: "all", samples: "200", backend: "wasm", quiet: true }),
    ).toBe(0);
    const log = JSON.parse(readFileSync(join(run, "eval.json"), "utf8")) as EvalLog;
    expect(log.format).toBe(2);
    expect(new Set(log.results.map((e) => e.step))).toEqual(new Set([4]));
    const file = { metrics: Object.fromEntries(log.results.map((e) => [e.metric, e])) };
    expect(Object.keys(file.metrics)).toEqual([
      "mig",
      "beta_vae_score",
      "factor_vae_score",
      "dci",
      "sap",
      "modularity",
      "explicitness",
      "gaussian_tc",
    ]);
    for (const [name, r] of Object.entries(file.metrics)) {
      expect(Number.isFinite(r.value), name).toBe(true);
      expect(r.samples.train, name).toBe(200);
      expect(r.seed).toBe(0);
      expect(r.representation).toBe("mean");
    }
    // accuracies and AUCs are probabilities; MIG, SAP, DCI, modularity lie in [0, 1]
    for (const name of [
      "mig",
      "beta_vae_score",
      "factor_vae_score",
      "dci",
      "sap",
      "modularity",
      "explicitness",
    ]) {
      expect(file.metrics[name]!.value).toBeGreaterThanOrEqual(0);
      expect(file.metrics[name]!.value).toBeLessThanOrEqual(1);
    }
    const html = readFileSync(join(run, "report.html"), "utf8");
    expect(html).toContain("disc eval, step 4");
    expect(html).toContain("explicitness");
    expect(html).toContain("Metrics during training");
    const table = metricTable(file.metrics).split("\n");
    expect(table[0]).toMatch(/^metric\s+value\s+variant/);
    // values right-aligned in one column
    const col =
      table[1]!.indexOf(file.metrics.mig!.value.toFixed(4)) +
      file.metrics.mig!.value.toFixed(4).length;
    expect(
      table[8]!.indexOf(file.metrics.gaussian_tc!.value.toFixed(4)) +
        file.metrics.gaussian_tc!.value.toFixed(4).length,
    ).toBe(col);
  });

  it("a second disc eval adds to eval.json; the report keeps the training-time results (issue 20, item 3)", async () => {
    const read = () => JSON.parse(readFileSync(join(run, "eval.json"), "utf8")) as EvalLog;
    const before = read().results;
    expect(
      await runEval(run, { metrics: "mig", samples: "100", backend: "wasm", quiet: true }),
    ).toBe(0);
    let after = read().results;
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((e) => e.metric === "mig").map((e) => e.samples.train)).toEqual([200, 100]);
    // the same metric, variant, samples and step again replaces its entry instead of adding one
    expect(
      await runEval(run, { metrics: "gaussian_tc", samples: "200", backend: "wasm", quiet: true }),
    ).toBe(0);
    after = read().results;
    expect(after).toHaveLength(before.length + 1);
    expect(after.map((e) => e.metric)).toEqual([...before.map((e) => e.metric), "mig"]);
    const html = readFileSync(join(run, "report.html"), "utf8");
    expect(html).toContain("Disentanglement metrics (end of training, step 4)");
    expect(html).toContain("Disentanglement metrics (disc eval, step 4)");
    expect(html.match(/<td>mig<\/td>/g)).toHaveLength(3); // training + disc eval at 200 and 100
    expect(html).toContain("active_dims = 4<"); // integers print as integers, not 4.0000
    expect(html).not.toMatch(/active_dims = 4\.0000/);
  });

  it("disc eval rejects unknown metrics and missing runs with one-line errors", async () => {
    await expect(
      runEval(run, { metrics: "mig,nope", backend: "wasm", quiet: true }),
    ).rejects.toThrow(/unknown metric nope/);
    await expect(runEval(join(OUT, "missing"), { backend: "wasm", quiet: true })).rejects.toThrow(
      /no trainer.ts/,
    );
  });

  it("disc traverse draws every latent, or one, as PNG and GIF", async () => {
    expect(await runTraverse(run, { gif: true, backend: "wasm", quiet: true })).toBe(0);
    // labelled: a title, the values, the input and its reconstruction, then each informative
    // latent's row of 5 points of 32×32 images (collapsed latents are one line of text)
    const full = pngSize(join(run, "traversal.png"));
    expect(full.width).toBeGreaterThan(5 * 33 + 33);
    expect(full.height).toBeGreaterThan(2 * 33);
    expect(existsSync(join(run, "latent_factors.json"))).toBe(true);
    expect(readFileSync(join(run, "traversal.gif")).subarray(0, 6).toString()).toBe("GIF89a");
    expect(
      await runTraverse(run, {
        latent: "1",
        range: "3",
        points: "7",
        gif: false,
        backend: "wasm",
        quiet: true,
      }),
    ).toBe(0);
    const one = pngSize(join(run, "traversal-z1.png"));
    expect(one.width).toBeGreaterThan(7 * 33 + 33);
    expect(one.height).toBeLessThanOrEqual(full.height);
    expect(existsSync(join(run, "traversal-z1.gif"))).toBe(false);
    await expect(
      runTraverse(run, { latent: "4", gif: false, backend: "wasm", quiet: true }),
    ).rejects.toThrow(/outside \[0, 4\)/);
  });
});
