/**
 * The generated trainer's `hyperparameters` and its resolved spec (issue 21): the spec is written
 * beside the trainer as `<model>.spec.json`, not as a literal in the program, and the trainer's
 * `resolvedSpec(hp)` (what config.json records) is that spec with the hyperparameters written in —
 * the IR exactly when nothing was edited (resume compares it), the edited values marked
 * `from: "hyperparameters"` otherwise. The values the program uses are read from
 * `hyperparameters`: an edited latent size, network argument, term argument or weight is used.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import type { ModelIR } from "../../compiler/ir/types.js";
import {
  EDITED_FROM,
  loadResolvedSpec,
  withHyperparameters,
  type TrainerHyperparameters,
} from "../../runtime/resolved-spec.js";
import { caseDirs } from "../golden/cases.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const OUT = join(REPO, "test", ".generated", "trainer-spec");

type Hp = Record<string, unknown> & {
  latents: Record<string, number>;
  networks: Record<string, Record<string, unknown>>;
  terms: Record<string, Record<string, unknown>>;
  weights: Record<string, number>;
  optimizer: Record<string, unknown>;
};

interface Trainer {
  hyperparameters: Hp;
  resolvedSpec(hp?: unknown): ModelIR;
  networkShapes(hp?: unknown): Record<string, { input: number[]; output: number[] }>;
  buildNetworks(hp?: unknown): Record<string, tf.LayersModel>;
}

/** Compiles `text` into OUT/<dir> (every file it emits) and imports the trainer. */
async function compiled(text: string, dir: string): Promise<{ ir: ModelIR; mod: Trainer }> {
  const r = await compile(text, "input.dis");
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const out = join(OUT, dir);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  let trainer = "";
  for (const [name, content] of Object.entries(r.files)) {
    writeFileSync(join(out, name), content);
    if (name.endsWith(".trainer.ts")) trainer = join(out, name);
  }
  return { ir: r.ir!, mod: (await import(pathToFileURL(trainer).href)) as Trainer };
}

const TINY = `model tiny {
  data dsprites(batch: 8, size: 32)
  latent z ~ normal(3)
  encoder mlp(hidden: [8]): x -> z
  decoder mlp(hidden: [8]): z -> x ~ bernoulli
  loss = recon(x) + 4 * kl(z) + 2 * total_correlation(z, estimator: mss)
  train {
    optimizer: adam(lr: 1e-3)
    steps: 2
    seed: 0
  }
}
`;

describe("the resolved spec beside the trainer", () => {
  it("is <model>.spec.json, the IR, and the program holds no copy of it", async () => {
    const r = await compile(TINY, "input.dis");
    expect(Object.keys(r.files)).toEqual(["tiny.trainer.ts", "tiny.spec.json"]);
    expect(JSON.parse(r.files["tiny.spec.json"]!)).toEqual(r.ir);
    const program = r.files["tiny.trainer.ts"]!;
    expect(program).not.toContain('"irVersion"');
    expect(program).not.toContain("irVersion:");
    expect(program).toContain('loadResolvedSpec(import.meta.url, "tiny.spec.json", hp');
  });

  // every golden trainer: unedited hyperparameters give back the IR byte for byte
  for (const dir of caseDirs(join(REPO, "test", "golden", "good"))) {
    const name = dir.slice(join(REPO, "test", "golden", "good").length + 1);
    if (!existsSync(join(dir, "expected.trainer.ts"))) continue;
    it(`resolvedSpec() of ${name} is its IR`, async () => {
      const { ir, mod } = await compiled(readFileSync(join(dir, "input.dis"), "utf8"), name);
      expect(JSON.stringify(mod.resolvedSpec())).toBe(JSON.stringify(ir));
      // and the shapes the trainer builds its networks with are the IR's
      const shapes = mod.networkShapes();
      for (const n of ir.networks) {
        expect(shapes[n.name]?.input).toEqual(n.inputShape);
        expect(shapes[n.name]?.output).toEqual(n.outputShape);
      }
    });
  }

  it("records an edited hyperparameter, marked, and keeps everything else", async () => {
    const { ir, mod } = await compiled(TINY, "tiny-edited");
    const hp = mod.hyperparameters;
    expect(hp.latents).toEqual({ z: 3 });
    expect(hp.terms).toEqual({
      recon_x: { reduction: "sum" },
      total_correlation_z: { estimator: "mss" },
    });
    expect(hp.weights).toEqual({ kl_z: 4, total_correlation_z: 2 });
    const edited = {
      ...hp,
      latents: { z: 5 },
      networks: { ...hp.networks, encoder: { ...hp.networks["encoder"], hidden: [6] } },
      terms: { ...hp.terms, total_correlation_z: { estimator: "mws", constants: true } },
      weights: { ...hp.weights, total_correlation_z: 6 },
      optimizer: { ...hp.optimizer, lr: 0.002 },
      steps: 7,
    };
    const spec = mod.resolvedSpec(edited);
    const z = spec.variables[0]!;
    expect([z.size, z.shape, z.args["shape"]]).toEqual([5, [5], { value: 5, from: EDITED_FROM }]);
    const [enc, dec] = spec.networks;
    expect(enc!.args["hidden"]).toEqual({ value: [6], from: EDITED_FROM });
    expect(enc!.args["activation"]).toEqual(ir.networks[0]!.args["activation"]);
    expect([enc!.outputShape, dec!.inputShape]).toEqual([[10], [5]]);
    expect(dec).toEqual({ ...ir.networks[1], inputShape: [5] });
    const tc = spec.terms.find((t) => t.id === "total_correlation_z")!;
    expect(tc.args).toEqual({
      latent: ir.terms[2]!.args["latent"],
      estimator: { value: "mws", from: EDITED_FROM },
      constants: { value: true, from: EDITED_FROM },
    });
    expect(JSON.stringify(spec.objective)).toBe(
      JSON.stringify(ir.objective).replace(
        '{"op":"const","value":2}',
        '{"op":"const","value":6,"from":"hyperparameters"}',
      ),
    );
    expect(spec.train.optimizers[0]!.args["lr"]).toEqual({ value: 0.002, from: EDITED_FROM });
    expect(spec.train.steps).toEqual({ value: 7, from: EDITED_FROM });
    expect(spec.train.seed).toEqual(ir.train.seed);
    expect(spec.data).toEqual(ir.data);
  });

  it("builds the networks from the edited values", async () => {
    const { mod } = await compiled(TINY, "tiny-build");
    const hp = mod.hyperparameters;
    const nets = mod.buildNetworks({
      ...hp,
      latents: { z: 5 },
      networks: { ...hp.networks, encoder: { ...hp.networks["encoder"], hidden: [6] } },
    });
    try {
      expect(nets["encoder"]!.outputs[0]!.shape).toEqual([null, 10]);
      expect(nets["decoder"]!.inputs[0]!.shape).toEqual([null, 5]);
      const dense = nets["encoder"]!.layers.find((l) => l.getClassName() === "Dense")!;
      expect(dense.getConfig()["units"]).toBe(6);
    } finally {
      for (const n of Object.values(nets)) n.dispose();
    }
  });

  it("a GAN's optimizers by target, and a missing or foreign spec file is named", async () => {
    const { ir, mod } = await compiled(
      readFileSync(
        join(REPO, "test", "golden", "good", "examples", "infogan-mnist", "input.dis"),
        "utf8",
      ),
      "gan",
    );
    const hp = mod.hyperparameters as Hp & { optimizers: Record<string, Record<string, unknown>> };
    expect(Object.keys(hp.optimizers)).toEqual(["generator", "discriminator"]);
    const spec = withHyperparameters(ir, {
      ...hp,
      optimizers: { ...hp.optimizers, discriminator: { ...hp.optimizers["discriminator"], lr: 1 } },
    } as TrainerHyperparameters);
    const d = spec.train.optimizers.find((o) => o.target === "discriminator")!;
    expect(d.args["lr"]).toEqual({ value: 1, from: EDITED_FROM });
    expect(spec.train.optimizers.find((o) => o.target === "generator")).toEqual(
      ir.train.optimizers.find((o) => o.target === "generator"),
    );
    const url = pathToFileURL(join(OUT, "gan", "x.trainer.ts")).href;
    expect(() => loadResolvedSpec(url, "none.spec.json", {})).toThrow(
      /none\.spec\.json is missing.*compile the spec again/,
    );
    writeFileSync(join(OUT, "gan", "bad.spec.json"), "{}");
    expect(() => loadResolvedSpec(url, "bad.spec.json", {})).toThrow(/is not a resolved spec/);
  });
});
