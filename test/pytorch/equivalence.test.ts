/**
 * Cross-target equivalence: for every example the PyTorch target supports (and the beta-VAE
 * example with each other likelihood it implements: Gaussian, Laplace, fixed or learned scale), the TypeScript
 * trainer and the PyTorch program are compiled from the same spec; the tfjs networks' weights
 * (buildNetworks), one dSprites batch and a fixed ε are loaded into both, and every loss term
 * must agree to 1e-4 relative (absolute 1e-4 nats for terms below 1 nat in size), and the
 * gradient of the total w.r.t. every weight to 1e-3 relative L2 error per tensor (measured
 * worst: 1.8e-4, the decoder's output bias, whose gradient is one float32 sum over
 * B·H·W = 262,144 pixels; every other tensor agrees far closer).
 * Skips with a printed reason when python3-torch is missing.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import {
  createRng,
  createTermState,
  loadDataset,
  selectBackend,
  type Rng,
} from "../../runtime/index.js";
import { totalCorrelation } from "../../stdlib/index.js";
import { PYTHON, torchStatus } from "./torch-env.js";
import { gradientErrors, TensorFile, termError, type Entry } from "./tensors.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const OUT = join(REPO, "test", ".generated", "pytorch-equivalence");
/** Every example whose backbone and terms the PyTorch target supports. */
const EXAMPLES = ["beta-vae", "beta-tcvae", "annealed-vae", "dip-vae", "factor-vae", "quickstart"];
/** The beta-VAE example with each other likelihood the PyTorch target implements. */
const LIKELIHOODS: Readonly<Record<string, string>> = {
  "beta-vae-gaussian-learned": "gaussian(variance: learned)",
  "beta-vae-laplace": "laplace",
  "beta-vae-laplace-learned": "laplace(scale: learned)",
};
const CASES = [...EXAMPLES, ...Object.keys(LIKELIHOODS)];

/** The spec of case `name`: an example, or the beta-VAE example with another likelihood. */
function specText(name: string): string {
  const likelihood = LIKELIHOODS[name];
  if (likelihood === undefined) return readFileSync(join(REPO, "examples", `${name}.dis`), "utf8");
  const text = readFileSync(join(REPO, "examples", "beta-vae.dis"), "utf8");
  const swapped = text.replace("-> x ~ bernoulli", `-> x ~ ${likelihood}`);
  expect(swapped).not.toBe(text);
  return swapped;
}
const STEP = 5000; // capacity's C(t) = 1.25 nats here, not 0

interface TsSide {
  terms: Record<string, number>;
  total: number;
  grads: Record<string, Float32Array[]>;
}
const ts: Record<string, TsSide> = {};
const torch = torchStatus();

/** Compiles both targets, evaluates the tfjs side and writes the case for equivalence.py. */
async function prepare(example: string): Promise<string> {
  const text = specText(example);
  const case_ = join(OUT, example);
  rmSync(case_, { recursive: true, force: true });
  const tsr = await compile(text, `${example}.dis`);
  const pyr = await compile(text, `${example}.dis`, { target: "pytorch" });
  expect(pyr.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const ir = tsr.ir!;
  for (const [name, content] of Object.entries(pyr.files)) {
    mkdirSync(dirname(join(case_, "py", name)), { recursive: true });
    writeFileSync(join(case_, "py", name), content);
  }
  const tsFile = join(case_, `${ir.name}.trainer.ts`);
  writeFileSync(tsFile, Object.values(tsr.files)[0]!);
  const mod = (await import(pathToFileURL(tsFile).href)) as {
    hyperparameters: { data: Record<string, unknown>; batchSize: number; seed: number };
    buildNetworks(): Record<string, tf.LayersModel>;
    lossTerms(...a: unknown[]): { terms: Record<string, tf.Scalar>; total: tf.Scalar };
  };
  const hp = mod.hyperparameters;
  const dataset = await loadDataset("dsprites", hp.data as never);
  const B = hp.batchSize;
  const indices = Array.from({ length: B }, (_, i) => (i * 11519 + 7) % dataset.size);
  const file = new TensorFile();
  const nets = mod.buildNetworks();
  const states: Record<string, ReturnType<typeof createTermState>> = {};
  const stateWeights: Record<string, Entry[]> = {};
  for (const t of ir.terms.filter((t) => t.args["estimator"]?.value === "discriminator")) {
    const args = Object.fromEntries(Object.entries(t.args).map(([k, v]) => [k, v.value]));
    const info = {
      batchSize: B,
      datasetSize: dataset.size,
      variableSizes: { z: 10 },
      seed: hp.seed,
    };
    states[t.id] = createTermState(totalCorrelation, args as never, info);
    stateWeights[t.id] = states[t.id]!.variables!.map((v) => file.add(v));
  }
  const weights: Record<string, Entry[]> = {};
  const vars: Record<string, tf.Variable[]> = {};
  for (const [name, net] of Object.entries(nets)) {
    vars[name] = net.trainableWeights.map((w) => w.read() as tf.Variable);
    weights[name] = vars[name]!.map((v) => file.add(v));
  }
  const x = tf.tensor4d(dataset.images(indices), [B, ...dataset.imageShape] as [
    number,
    number,
    number,
    number,
  ]);
  const seeds: number[] = [];
  const base = createRng(11);
  const rng: Rng = { ...base, seed: () => (seeds.push(base.seed()), seeds[seeds.length - 1]!) };
  let terms: Record<string, number> = {};
  const allVars = Object.values(vars).flat();
  const { value, grads } = tf.variableGrads(() => {
    const r = mod.lossTerms(nets, { x }, STEP, rng, dataset.size, states);
    terms = Object.fromEntries(Object.entries(r.terms).map(([k, v]) => [k, v.dataSync()[0]!]));
    return r.total;
  }, allVars);
  const latents = ir.variables.filter((v) => v.hasPosterior);
  expect(seeds).toHaveLength(latents.length);
  const eps = Object.fromEntries(
    latents.map((v, i) => [
      v.name,
      file.add(tf.randomNormal([B, v.size], 0, 1, "float32", seeds[i])),
    ]),
  );
  ts[example] = {
    terms,
    total: value.dataSync()[0]!,
    grads: Object.fromEntries(
      Object.entries(vars).map(([n, vs]) => [
        n,
        vs.map((v) => grads[v.name]!.dataSync() as Float32Array),
      ]),
    ),
  };
  const manifest = {
    module: ir.name,
    indices,
    step: STEP,
    datasetSize: dataset.size,
    weights,
    stateWeights,
    x: file.add(x),
    eps,
  };
  file.write(join(case_, "tensors.bin"));
  writeFileSync(join(case_, "manifest.json"), JSON.stringify(manifest));
  tf.dispose([x, value, ...Object.values(grads)]);
  for (const n of Object.values(nets)) n.dispose();
  for (const s of Object.values(states)) s.dispose?.();
  return case_;
}

describe.skipIf(!torch.ok)("PyTorch target ≡ TypeScript target (same weights, batch, ε)", () => {
  beforeAll(async () => {
    await selectBackend("wasm", { quiet: true });
    const cases: string[] = [];
    for (const ex of CASES) cases.push(await prepare(ex));
    const r = spawnSync(PYTHON, [join(REPO, "test/pytorch/equivalence.py"), ...cases], {
      encoding: "utf8",
      timeout: 240_000,
    });
    if (r.status !== 0) throw new Error(`equivalence.py failed:\n${r.stderr}`);
  }, 400_000);

  for (const ex of CASES) {
    it(`${ex}: every loss term and every gradient agree`, () => {
      const py = JSON.parse(readFileSync(join(OUT, ex, "results.json"), "utf8")) as {
        terms: Record<string, number>;
        total: number;
        grads: Record<string, Entry[]>;
        renderMismatch: number;
      };
      // the batch rendered by disc_torch's dSprites generator is pixel-identical to the TS one
      expect(py.renderMismatch).toBe(0);
      const side = ts[ex]!;
      expect(Object.keys(py.terms).sort()).toEqual(Object.keys(side.terms).sort());
      const report: string[] = [];
      for (const [k, v] of Object.entries(side.terms)) {
        const e = termError(py.terms[k]!, v);
        report.push(
          `${k} ts ${v.toPrecision(8)} py ${py.terms[k]!.toPrecision(8)} err ${e.toExponential(2)}`,
        );
        expect(e, k).toBeLessThan(1e-4);
      }
      expect(termError(py.total, side.total)).toBeLessThan(1e-4);
      const g = gradientErrors(join(OUT, ex, "results.bin"), py.grads, side.grads);
      report.push(
        `gradients: worst relative L2 error ${g.worst.toExponential(2)} (${g.where}) over ${g.count} tensors`,
      );
      console.log(`[pytorch ≡ ts] ${ex}\n  ${report.join("\n  ")}`);
      expect(g.count).toBeGreaterThan(10);
      expect(g.worst).toBeLessThan(1e-3);
    });
  }
});
