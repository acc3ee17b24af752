/**
 * tfjs IO handlers for the file system (pure tfjs has no `file://` handler): the standard layout
 * `model.json` (topology + weightsManifest) + `weights.bin`, the one tfjs-node and the Python
 * converter read. Custom layers (runtime/nn GaussianParams) must be registered before loading.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import "../nn/gaussian-head.js"; // registers GaussianParams so saved encoders load
import { readArrayBuffer, weightBytes, writeFileDurable } from "./fs-atomic.js";

export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

/**
 * A save handler writing `dir/model.json` and `dir/weights.bin` (fsynced), for `model.save(...)`.
 * Creates `dir` when missing. Throws when the artifacts carry no topology.
 */
export function fileSaveHandler(dir: string): tf.io.IOHandler {
  return tf.io.withSaveHandler(async (artifacts) => {
    if (artifacts.modelTopology === undefined)
      throw new Error(`cannot save to ${dir}: the model has no topology`);
    fs.mkdirSync(dir, { recursive: true });
    const bytes = weightBytes(artifacts.weightData);
    const modelJson: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format ?? "layers-model",
      generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
      convertedBy: artifacts.convertedBy ?? null,
      weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    };
    writeFileDurable(path.join(dir, WEIGHTS_BIN), bytes);
    writeFileDurable(path.join(dir, MODEL_JSON), JSON.stringify(modelJson));
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: "JSON",
        modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
        weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
        weightDataBytes: bytes.byteLength,
      },
    };
  });
}

/**
 * A load handler reading `dir/model.json` and the weight files its manifest names, for
 * `tf.loadLayersModel(fileLoadHandler(dir))`. Throws an Error naming the file when one is missing
 * or model.json is not valid JSON.
 */
export function fileLoadHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => readModelArtifacts(dir),
  };
}

/** Reads `dir/model.json` + weights into ModelArtifacts. Throws an Error naming the bad file. */
export function readModelArtifacts(dir: string): tf.io.ModelArtifacts {
  const jsonPath = path.join(dir, MODEL_JSON);
  if (!fs.existsSync(jsonPath)) throw new Error(`no model at ${dir}: ${MODEL_JSON} is missing`);
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(fs.readFileSync(jsonPath, "utf8")) as tf.io.ModelJSON;
  } catch (e) {
    throw new Error(`${jsonPath} is not valid JSON: ${(e as Error).message}`);
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest ?? []) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      const file = path.join(dir, p);
      if (!fs.existsSync(file))
        throw new Error(`weights file ${file} named by ${jsonPath} is missing`);
      buffers.push(readArrayBuffer(file));
    }
  }
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    weightSpecs: specs,
    weightData: weightBytes(buffers).buffer as ArrayBuffer,
    ...(json.trainingConfig ? { trainingConfig: json.trainingConfig } : {}),
  };
}
