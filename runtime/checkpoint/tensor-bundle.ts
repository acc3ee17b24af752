/**
 * Named tensor bundles on disk: `<base>.json` (tfjs weight specs + extra metadata) and `<base>.bin`
 * (the raw little-endian data, tfjs weight layout). Used for optimizer slots and term-state variables.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { UserError } from "../errors.js";
import { readArrayBuffer, writeFileDurable } from "./fs-atomic.js";

/** A tensor with a name (the shape of tfjs optimizer weights). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** Writes `dir/<base>.json` and `dir/<base>.bin` (fsynced). Throws on duplicate tensor names. */
export async function saveTensors(
  dir: string,
  base: string,
  named: readonly NamedTensor[],
  meta: Record<string, unknown> = {},
): Promise<void> {
  const names = new Set<string>();
  for (const { name } of named) {
    if (names.has(name))
      throw new Error(`cannot save bundle ${base}: duplicate tensor name '${name}'`);
    names.add(name);
  }
  const { data, specs } = await tf.io.encodeWeights([...named]);
  writeFileDurable(path.join(dir, `${base}.bin`), new Uint8Array(data));
  writeFileDurable(path.join(dir, `${base}.json`), JSON.stringify({ ...meta, weights: specs }));
}

/**
 * Reads a bundle written by saveTensors: its tensors in saved order (the caller owns and must
 * dispose them) and its metadata. Throws an Error naming the file when one is missing or malformed.
 */
export function loadTensors(
  dir: string,
  base: string,
): { tensors: NamedTensor[]; meta: Record<string, unknown> } {
  const jsonPath = path.join(dir, `${base}.json`);
  const binPath = path.join(dir, `${base}.bin`);
  for (const f of [jsonPath, binPath])
    if (!fs.existsSync(f)) throw new Error(`checkpoint file ${f} is missing`);
  let meta: Record<string, unknown> & { weights?: tf.io.WeightsManifestEntry[] };
  try {
    meta = JSON.parse(fs.readFileSync(jsonPath, "utf8")) as typeof meta;
  } catch (e) {
    throw new Error(`${jsonPath} is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(meta.weights)) throw new Error(`${jsonPath} has no 'weights' list`);
  const map = decodeChecked(readArrayBuffer(binPath), meta.weights);
  const tensors = meta.weights.map((s) => {
    const t = map[s.name];
    if (!t) throw new Error(`${binPath} lacks tensor '${s.name}'`);
    return { name: s.name, tensor: t };
  });
  return { tensors, meta };
}

/** Rank-0 tf.Variables an optimizer keeps outside getWeights() (Adam's accBeta1/accBeta2), by property name. */
function optimizerScalars(opt: tf.Optimizer): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = {};
  for (const [k, v] of Object.entries(opt))
    if (v instanceof tf.Variable && v.rank === 0) out[k] = v;
  return out;
}

/**
 * Saves an optimizer's slots (getWeights(): iterations + per-variable slots, in order) and its
 * hidden scalar variables (exact float32 values, so a resumed Adam matches bit for bit).
 */
export async function saveOptimizer(dir: string, base: string, opt: tf.Optimizer): Promise<void> {
  const weights = await opt.getWeights();
  const scalars = Object.fromEntries(
    Object.entries(optimizerScalars(opt)).map(([k, v]) => [k, v.dataSync()[0]]),
  );
  const cls =
    (opt.constructor as unknown as { className?: string }).className ?? opt.getClassName();
  try {
    await saveTensors(dir, base, weights, { className: cls, config: opt.getConfig(), scalars });
  } finally {
    for (const w of weights) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
  }
}

/**
 * Restores an optimizer saved by saveOptimizer into a fresh optimizer of the same class.
 * Throws when the class differs.
 */
export async function restoreOptimizer(
  dir: string,
  base: string,
  opt: tf.Optimizer,
): Promise<void> {
  const { tensors, meta } = loadTensors(dir, base);
  const cls =
    (opt.constructor as unknown as { className?: string }).className ?? opt.getClassName();
  if (meta["className"] !== cls) {
    tf.dispose(tensors.map((t) => t.tensor));
    throw new UserError(
      `checkpoint optimizer is ${String(meta["className"])} but the trainer uses ${cls}`,
    );
  }
  await opt.setWeights(tensors);
  tf.dispose(tensors.map((t) => t.tensor));
  const saved = (meta["scalars"] ?? {}) as Record<string, number>;
  for (const [k, v] of Object.entries(optimizerScalars(opt))) {
    const value = saved[k];
    if (typeof value === "number") tf.tidy(() => v.assign(tf.scalar(value, v.dtype)));
  }
}

/** Assigns saved tensors to variables in order; throws on a count or shape mismatch (naming `what`). */
export function assignInOrder(
  what: string,
  vars: readonly tf.Variable[],
  tensors: readonly NamedTensor[],
): void {
  if (vars.length !== tensors.length) {
    throw new UserError(
      `${what}: checkpoint has ${tensors.length} tensors, the model has ${vars.length}`,
    );
  }
  vars.forEach((v, i) => {
    const t = tensors[i]!.tensor;
    if (!tf.util.arraysEqual(v.shape, t.shape)) {
      throw new UserError(
        `${what}: tensor ${i} ('${tensors[i]!.name}') has shape [${t.shape}] in the checkpoint, [${v.shape}] in the model`,
      );
    }
    v.assign(t);
  });
}

const BYTES: Partial<Record<string, number>> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

/**
 * tf.io.decodeWeights after checking that `data` holds exactly the bytes `specs` describe (tfjs
 * itself fails on a truncated file with "byte length of Float32Array should be a multiple of 4"
 * or silently reads short). Throws an Error saying how many bytes there are and should be.
 */
export function decodeChecked(
  data: ArrayBuffer,
  specs: readonly tf.io.WeightsManifestEntry[],
): tf.NamedTensorMap {
  let want = 0;
  for (const s of specs) {
    const size = BYTES[s.dtype];
    if (size === undefined || s.quantization) return tf.io.decodeWeights(data, [...specs]);
    want += s.shape.reduce((a, b) => a * b, 1) * size;
  }
  if (data.byteLength !== want)
    throw new Error(`${data.byteLength} bytes where ${want} are described (truncated or altered)`);
  return tf.io.decodeWeights(data, [...specs]);
}
