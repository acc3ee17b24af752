/**
 * `disc intervene RUN_DIR --concept NAME --values a,b,c [--examples N] [--out FILE] [--threshold T]`:
 * loads a causal_vae run (its trainer.ts and latest checkpoint), prints the learned adjacency A,
 * and writes a grid PNG of do(concept = v): one row per example, columns = input, then one
 * decoded image per value (values in latent units ≈ standardised label, e.g. -2,0,2).
 */
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import type { CausalScm, Dataset } from "../../runtime/index.js";
import { specOf, type TrainerModule } from "../../runtime/load-run.js";
import {
  latestCheckpoint,
  loadWeightsInto,
  verifyCheckpoint,
} from "../../runtime/checkpoint/index.js";
import {
  interventionGrid,
  PENDULUM_TRUE_EDGES,
  structuralHammingDistance,
  thresholdEdges,
} from "../../runtime/causal/index.js";
import { loadDataset } from "../../runtime/data/index.js";
import { importTypeScript } from "../../runtime/ts-imports.js";
import { selectBackend, type BackendName } from "../../runtime/backend/select.js";
import { CliError } from "./errors.js";
import { withRunLock } from "./run-lock.js";
import { positiveInt } from "./files.js";

export interface InterveneFlags {
  concept: string;
  values: string;
  examples: string;
  out?: string;
  threshold: string;
  backend: string;
}

interface CausalTrainer {
  hyperparameters: { data: Record<string, unknown> };
  resolvedSpec: TrainerModule["resolvedSpec"];
  buildNetworks: (hp: unknown) => Record<string, tf.LayersModel>;
  buildScms: (hp: unknown) => Record<string, CausalScm>;
  checkpointNetworks: (nets: unknown, scms: unknown) => Record<string, tf.LayersModel>;
  intervene: (
    nets: unknown,
    scms: unknown,
    x: tf.Tensor4D,
    concept: string,
    value: number,
  ) => tf.Tensor4D;
}

function parseValues(text: string): number[] {
  const values = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) {
    throw new CliError(`--values expects comma-separated numbers, e.g. -2,0,2; got \`${text}\``);
  }
  return values;
}

/** Runs the command; returns the exit code. Throws CliError on user errors. */
export async function runIntervene(runDir: string, flags: InterveneFlags): Promise<number> {
  return withRunLock(resolve(runDir), () => runInterveneLocked(runDir, flags));
}

async function runInterveneLocked(runDir: string, flags: InterveneFlags): Promise<number> {
  const dir = resolve(runDir);
  const values = parseValues(flags.values);
  const examples = positiveInt("--examples", flags.examples);
  const threshold = Number(flags.threshold);
  if (!(threshold >= 0))
    throw new CliError(`--threshold expects a number ≥ 0, got \`${flags.threshold}\``);
  const trainerPath = join(dir, "trainer.ts");
  if (!existsSync(trainerPath))
    throw new CliError(`${dir}: no trainer.ts; is this a run directory of \`disc train\`?`);
  const ckpt = latestCheckpoint(join(dir, "checkpoints"));
  if (!ckpt) throw new CliError(`${dir}: no checkpoint yet`);
  verifyCheckpoint(ckpt);
  const t = (await importTypeScript(pathToFileURL(trainerPath).href)) as Partial<CausalTrainer>;
  if (
    !t.intervene ||
    !t.buildScms ||
    !t.buildNetworks ||
    !t.checkpointNetworks ||
    !t.hyperparameters ||
    !t.resolvedSpec
  ) {
    throw new CliError(`${dir}: not a causal_vae run (its trainer has no scm to intervene on)`);
  }
  await selectBackend(flags.backend as BackendName, { quiet: true });
  const nets = t.buildNetworks(t.hyperparameters);
  const scms = t.buildScms(t.hyperparameters);
  for (const [name, model] of Object.entries(t.checkpointNetworks(nets, scms)))
    loadWeightsInto(model, join(ckpt, name));
  const scm = Object.values(scms)[0]!;
  if (!scm.concepts.includes(flags.concept)) {
    throw new CliError(
      `unknown concept \`${flags.concept}\`; concepts: ${scm.concepts.join(", ")}`,
    );
  }
  const a = scm.adjacency();
  const adjacency = a.arraySync() as number[][];
  a.dispose();
  const edges = thresholdEdges(adjacency, scm.concepts, threshold);
  const lines = [
    `learned A (${ckpt}); A[i][j]: ${"i → j"}`,
    ...adjacency.map(
      (r, i) =>
        `  ${scm.concepts[i]!.padEnd(16)} ${r.map((v) => v.toFixed(3).padStart(7)).join(" ")}`,
    ),
  ];
  lines.push(
    `edges |A_ij| > ${threshold}: ${edges.map(([i, j]) => `${i} → ${j}`).join(", ") || "none"}`,
  );
  const spec = specOf(t as CausalTrainer);
  if (spec.data.dataset === "pendulum") {
    lines.push(
      `structural Hamming distance to the pendulum graph: ${structuralHammingDistance(edges, PENDULUM_TRUE_EDGES)}`,
    );
  }

  const dataset: Dataset = await loadDataset(spec.data.dataset, t.hyperparameters.data as never);
  const n = Math.min(examples, dataset.size);
  const ids = Array.from({ length: n }, (_, i) => Math.floor(((i + 0.5) * dataset.size) / n));
  const shape = dataset.imageShape;
  const inputs = dataset.images(ids);
  const x = tf.tensor4d(inputs, [n, ...shape]);
  try {
    const grid = await interventionGrid({
      inputs,
      n,
      imageShape: shape,
      values,
      render: async (v) => {
        const img = t.intervene!(nets, scms, x, flags.concept, v);
        const data = (await img.data()) as Float32Array;
        img.dispose();
        return data;
      },
    });
    const out = resolve(flags.out ?? join(dir, `intervene-${flags.concept}.png`));
    writeFileSync(out, grid.png);
    lines.push(
      `wrote ${out} (${grid.width}×${grid.height}: rows = ${n} examples; columns = input, do(${flags.concept} = ${values.join(", ")}))`,
    );
  } finally {
    x.dispose();
  }
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
