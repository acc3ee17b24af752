/**
 * Loading a trained run directory back: import its `trainer.ts` (the exact program `disc train`
 * ran), build its networks, load the latest checkpoint's weights and the data set, and wrap the
 * model's `encode` / `decode` as array functions for the metrics and pictures. Used by
 * `disc eval` and `disc traverse`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import type { ModelIR } from "../compiler/ir/types.js";
import { selectBackend, type BackendName } from "./backend/select.js";
import { latestCheckpoint, loadWeightsInto, verifyCheckpoint } from "./checkpoint/index.js";
import { loadDataset } from "./data/index.js";
import { importTypeScript } from "./ts-imports.js";
import type { Dataset } from "./data/types.js";
import type { EncodeFn } from "./metrics/sampling.js";
import type { DecodeFn } from "./viz/traversal.js";

/** What a generated trainer module exports (VAE-family back end). */
export interface TrainerModule {
  readonly hyperparameters: { readonly data: Record<string, unknown> } & Record<string, unknown>;
  /**
   * The resolved spec with the hyperparameters written in (it reads `<model>.spec.json` beside the
   * trainer); a trainer written before the spec moved beside it holds the spec itself.
   */
  readonly resolvedSpec: ModelIR | ((hp?: unknown) => ModelIR);
  buildNetworks(hp?: unknown): Record<string, tf.LayersModel>;
  encode(
    nets: Record<string, tf.LayersModel>,
    x: tf.Tensor4D,
  ): { mu: tf.Tensor2D; logvar: tf.Tensor2D };
  decode(nets: Record<string, tf.LayersModel>, z: tf.Tensor2D): tf.Tensor4D;
}

/** A trained run, ready to encode and decode. */
export interface LoadedRun {
  readonly runDir: string;
  readonly program: TrainerModule;
  readonly spec: ModelIR;
  readonly networks: Record<string, tf.LayersModel>;
  readonly dataset: Dataset;
  /** Optimizer steps of the loaded checkpoint. */
  readonly step: number;
  readonly checkpoint: string;
  /** D, the size of the encoded latent (mu's width). */
  readonly latentSize: number;
  readonly imageShape: [number, number, number];
  /** x float32 [n, H, W, C] → mu, logvar float32 [n, D]. */
  readonly encodeArrays: EncodeFn;
  /** z float32 [n, D] → mean images float32 [n, H, W, C] in [0, 1]. */
  readonly decodeArrays: DecodeFn;
  /** Disposes the networks' weights. */
  dispose(): void;
}

/**
 * Wraps tensor-level encode / decode as array functions (tensors disposed after each call).
 * @param shape [H, W, C] of one observation; @param latentSize D
 */
export function arrayCodec(
  encode: (x: tf.Tensor4D) => { mu: tf.Tensor2D; logvar: tf.Tensor2D },
  decode: (z: tf.Tensor2D) => tf.Tensor4D,
  shape: readonly [number, number, number],
  latentSize: number,
): { encodeArrays: EncodeFn; decodeArrays: DecodeFn } {
  const encodeArrays: EncodeFn = async (x, n) => {
    const { mu, logvar } = tf.tidy(() => encode(tf.tensor4d(x, [n, shape[0], shape[1], shape[2]])));
    try {
      return {
        mu: (await mu.data()) as Float32Array,
        logvar: (await logvar.data()) as Float32Array,
        dim: mu.shape[1] ?? latentSize,
      };
    } finally {
      tf.dispose([mu, logvar]);
    }
  };
  const decodeArrays: DecodeFn = async (z, n) => {
    const images = tf.tidy(() => decode(tf.tensor2d(z, [n, latentSize])));
    try {
      return (await images.data()) as Float32Array;
    } finally {
      images.dispose();
    }
  };
  return { encodeArrays, decodeArrays };
}

/**
 * Loads `runDir` (written by `disc train`): imports runDir/trainer.ts (needs a TypeScript-aware
 * loader such as tsx, which `bin/disc.js` registers), selects the backend, builds the networks,
 * loads the weights of checkpoints/latest and the spec's data set.
 * @throws Error when runDir has no trainer.ts or no checkpoint, the trainer is not a VAE-family
 *   program (no encode/decode), or the checkpoint does not match the networks; CheckpointDamaged
 *   (naming the file) when a checkpoint file is missing, truncated or altered.
 */
export async function loadRun(
  runDir: string,
  opts: { backend?: BackendName; quiet?: boolean } = {},
): Promise<LoadedRun> {
  const dir = resolve(runDir);
  const trainerPath = join(dir, "trainer.ts");
  if (!existsSync(trainerPath))
    throw new Error(`${runDir}: no trainer.ts; is this a run directory written by \`disc train\`?`);
  const ckpt = latestCheckpoint(join(dir, "checkpoints"));
  if (!ckpt)
    throw new Error(`${runDir}: no checkpoint yet; train first (disc train SPEC --out ${runDir}).`);
  const { step } = verifyCheckpoint(ckpt); // a damaged file is named before anything is loaded
  const program = (await importTypeScript(
    pathToFileURL(trainerPath).href,
  )) as Partial<TrainerModule>;
  for (const k of [
    "buildNetworks",
    "encode",
    "decode",
    "hyperparameters",
    "resolvedSpec",
  ] as const) {
    if (program[k] === undefined)
      throw new Error(
        `${trainerPath} does not export \`${k}\`; evaluation needs a VAE-family program with an encoder and a decoder.`,
      );
  }
  const p = program as TrainerModule;
  const spec = specOf(p);
  await selectBackend(opts.backend ?? "auto", { quiet: opts.quiet ?? true });
  const dataset = await loadDataset(spec.data.dataset, {
    ...p.hyperparameters.data,
    ...recordedDataPath(dir),
  });
  const networks = p.buildNetworks(p.hyperparameters);
  try {
    for (const [name, model] of Object.entries(networks)) {
      const netDir = join(ckpt, name);
      if (!existsSync(netDir)) throw new Error(`${ckpt} has no weights for network '${name}'`);
      loadWeightsInto(model, netDir);
    }
  } catch (error) {
    for (const m of Object.values(networks)) m.dispose();
    throw error;
  }
  const imageShape = [...dataset.imageShape] as [number, number, number];
  // D from one encoded example (the spec may have several latents; the encoder's is the one scored)
  const probe = tf.tidy(
    () => p.encode(networks, tf.zeros([1, ...imageShape]) as tf.Tensor4D).mu.shape[1],
  );
  const latentSize = probe ?? 0;
  if (latentSize < 1) throw new Error(`${trainerPath}: the encoder returned an empty latent`);
  const codec = arrayCodec(
    (x) => p.encode(networks, x),
    (z) => p.decode(networks, z),
    imageShape,
    latentSize,
  );
  return {
    runDir: dir,
    program: p,
    spec,
    networks,
    dataset,
    step,
    checkpoint: ckpt,
    latentSize,
    imageShape,
    ...codec,
    dispose() {
      for (const m of Object.values(networks)) m.dispose();
    },
  };
}

/** The resolved spec of a loaded trainer: `resolvedSpec(hyperparameters)`, or the spec an older trainer holds. */
export function specOf(p: Pick<TrainerModule, "resolvedSpec" | "hyperparameters">): ModelIR {
  return typeof p.resolvedSpec === "function" ? p.resolvedSpec(p.hyperparameters) : p.resolvedSpec;
}

/** `{ path }` of the data file the run trained on (config.json's `data.path`), or `{}`. */
function recordedDataPath(dir: string): { path?: string } {
  try {
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as {
      data?: { path?: unknown };
    };
    return typeof config.data?.path === "string" ? { path: config.data.path } : {};
  } catch {
    return {};
  }
}
