/**
 * Training checkpoints, written atomically.
 *
 * Layout of `<root>` (a run's `checkpoints/` folder):
 *   step-N/<net>/model.json + weights.bin   each network, tfjs layers format (loadable with tf.loadLayersModel)
 *   step-N/optimizer.json + optimizer.bin   the main optimizer's slots (getWeights order) + hidden scalars
 *   step-N/terms/<term>.json + .bin         each term state's variables, then its optimizer (…-opt.json/.bin)
 *   step-N/state.json                       { version, step, ...loop state (rng, stream, elapsed),
 *                                             files: {path: sha256} of every other file, sha256 of itself }
 *   latest                                  one line "step-N", replaced atomically
 * A checkpoint is written into `.tmp-step-N-<pid>`, every file fsynced, then renamed to `step-N`,
 * and only then is `latest` replaced — a write killed at any point leaves `latest` on the previous
 * complete checkpoint (stale `.tmp-*` folders and `latest.tmp-*` pointers are removed by the next
 * write). Loading verifies the checksums first, and every problem reading a checkpoint is a
 * CheckpointDamaged naming the file (integrity.ts). DISC_FAULT (fault.ts) can SIGKILL the writer
 * between any two of these steps, for the kill tests.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { TermState } from "../../stdlib/types.js";
import { faultPoint } from "./fault.js";
import { fileSaveHandler, readModelArtifacts, WEIGHTS_BIN } from "./file-handler.js";
import { fsyncDir, writeFileDurable } from "./fs-atomic.js";
import { cleanCheckpointLeftovers } from "./recover.js";
import {
  damaged,
  fileChecksums,
  reading,
  readingAsync,
  readState,
  sealState,
  STATE_JSON,
  verifyCheckpoint,
} from "./integrity.js";
import {
  assignInOrder,
  decodeChecked,
  loadTensors,
  restoreOptimizer,
  saveOptimizer,
  saveTensors,
} from "./tensor-bundle.js";

/** What a checkpoint holds. `state` is the loop's JSON state (step, rng, stream, …). */
export interface CheckpointParts {
  readonly networks: Readonly<Record<string, tf.LayersModel>>;
  readonly optimizer: tf.Optimizer;
  readonly termStates?: Readonly<Record<string, TermState>>;
  readonly state: { readonly step: number } & Record<string, unknown>;
}

/** Test hooks: `beforeCommit` runs after all files are written, before the rename (throw to simulate a kill). */
export interface CheckpointHooks {
  beforeCommit?: (tmpDir: string) => void;
}

const LATEST = "latest";
const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;

function checkName(kind: string, name: string): void {
  if (!SAFE_NAME.test(name) || name.startsWith(".")) {
    throw new Error(
      `${kind} name '${name}' cannot be used as a checkpoint folder name (letters, digits, _ . - only)`,
    );
  }
}

/** Writes checkpoint `step-<state.step>` under `root` and points `latest` at it; returns its folder. */
export async function writeCheckpoint(
  root: string,
  parts: CheckpointParts,
  hooks: CheckpointHooks = {},
): Promise<string> {
  const step = parts.state.step;
  fs.mkdirSync(root, { recursive: true });
  cleanCheckpointLeftovers(root);
  const name = `step-${step}`;
  const tmp = path.join(root, `.tmp-${name}-${process.pid}`);
  fs.mkdirSync(tmp, { recursive: true });
  for (const [net, model] of Object.entries(parts.networks)) {
    checkName("network", net);
    await model.save(fileSaveHandler(path.join(tmp, net)));
    fsyncDir(path.join(tmp, net));
    faultPoint(step, "network");
  }
  await saveOptimizer(tmp, "optimizer", parts.optimizer);
  faultPoint(step, "optimizer");
  const terms = Object.entries(parts.termStates ?? {});
  if (terms.length > 0) fs.mkdirSync(path.join(tmp, "terms"));
  for (const [term, st] of terms) {
    checkName("term", term);
    await saveTensors(
      path.join(tmp, "terms"),
      term,
      st.variables.map((v) => ({ name: v.name, tensor: v })),
    );
    if (st.optimizer) await saveOptimizer(path.join(tmp, "terms"), `${term}-opt`, st.optimizer);
    faultPoint(step, "terms");
  }
  if (terms.length > 0) fsyncDir(path.join(tmp, "terms"));
  const state = {
    version: 1,
    ...parts.state,
    networks: Object.keys(parts.networks),
    terms: terms.map(([t]) => t),
    files: fileChecksums(tmp),
  };
  writeFileDurable(path.join(tmp, STATE_JSON), sealState(state));
  fsyncDir(tmp);
  hooks.beforeCommit?.(tmp);
  faultPoint(step, "state");
  const final = path.join(root, name);
  if (fs.existsSync(final)) {
    const old = path.join(root, `.tmp-old-${name}-${process.pid}`);
    fs.renameSync(final, old);
    fs.renameSync(tmp, final);
    fs.rmSync(old, { recursive: true, force: true });
  } else {
    fs.renameSync(tmp, final);
  }
  fsyncDir(root);
  faultPoint(step, "commit");
  const latest = path.join(root, LATEST);
  const pointer = `${latest}.tmp-${process.pid}`;
  writeFileDurable(pointer, `${name}\n`);
  faultPoint(step, "latest-tmp");
  fs.renameSync(pointer, latest);
  fsyncDir(root);
  faultPoint(step, "latest");
  return final;
}

/**
 * The folder `latest` points to, or null when there is none. Throws CheckpointDamaged when `latest`
 * names a folder that is missing or incomplete.
 */
export function latestCheckpoint(root: string): string | null {
  const p = path.join(root, LATEST);
  if (!fs.existsSync(p)) return null;
  const name = fs.readFileSync(p, "utf8").trim();
  const dir = path.join(root, name);
  if (!/^step-\d+$/.test(name) || !fs.existsSync(path.join(dir, STATE_JSON)))
    throw damaged(dir, p, `it points to '${name}', which is not a complete checkpoint`);
  return dir;
}

/** Reads (and checks) `state.json` of a checkpoint folder; throws CheckpointDamaged naming it. */
export function readCheckpointState(dir: string): { step: number } & Record<string, unknown> {
  return readState(dir);
}

/**
 * Loads the weights saved in `dir/model.json` (+ weights.bin) into an existing `model`, matching by
 * order (model.weights, the order tfjs saves in) and checking shapes. Throws a CheckpointDamaged
 * naming the file when it cannot be read, a UserError when it does not fit the model.
 */
export function loadWeightsInto(model: tf.LayersModel, dir: string): void {
  const ckpt = path.dirname(dir);
  const art = reading(ckpt, path.join(dir, "model.json"), () => readModelArtifacts(dir));
  const map = reading(ckpt, path.join(dir, WEIGHTS_BIN), () =>
    decodeChecked(art.weightData as ArrayBuffer, art.weightSpecs ?? []),
  );
  const tensors = (art.weightSpecs ?? []).map((s) => ({ name: s.name, tensor: map[s.name]! }));
  try {
    const vars = model.weights.map((w) => w.read() as tf.Variable);
    assignInOrder(`network at ${dir}`, vars, tensors);
  } finally {
    tf.dispose(Object.values(map));
  }
}

/**
 * Restores networks, the main optimizer and term states from checkpoint folder `dir` into freshly
 * built objects; returns the saved loop state. Verifies every file's checksum first. Throws
 * CheckpointDamaged (naming the file) for a file that cannot be read, a UserError when a network
 * or term is missing or differs from the trainer's.
 */
export async function restoreCheckpoint(
  dir: string,
  targets: Omit<CheckpointParts, "state">,
): Promise<{ step: number } & Record<string, unknown>> {
  const state = verifyCheckpoint(dir);
  for (const [net, model] of Object.entries(targets.networks))
    loadWeightsInto(model, path.join(dir, net));
  await readingAsync(dir, path.join(dir, "optimizer.bin"), () =>
    restoreOptimizer(dir, "optimizer", targets.optimizer),
  );
  for (const [term, st] of Object.entries(targets.termStates ?? {})) {
    const termDir = path.join(dir, "terms");
    const { tensors } = reading(dir, path.join(termDir, `${term}.bin`), () =>
      loadTensors(termDir, term),
    );
    try {
      assignInOrder(`term state '${term}'`, st.variables, tensors);
    } finally {
      tf.dispose(tensors.map((t) => t.tensor));
    }
    if (st.optimizer) {
      const opt = st.optimizer;
      await readingAsync(dir, path.join(termDir, `${term}-opt.bin`), () =>
        restoreOptimizer(termDir, `${term}-opt`, opt),
      );
    }
  }
  return state;
}

/** Deletes all but the newest `keep` `step-N` folders (never the one `latest` points to). */
export function pruneCheckpoints(root: string, keep: number): void {
  if (!(keep >= 1) || !fs.existsSync(root)) return;
  const latest = fs.existsSync(path.join(root, LATEST))
    ? fs.readFileSync(path.join(root, LATEST), "utf8").trim()
    : "";
  const steps = fs
    .readdirSync(root)
    .filter((e) => /^step-\d+$/.test(e))
    .sort((a, b) => Number(b.slice(5)) - Number(a.slice(5)));
  for (const e of steps.slice(keep))
    if (e !== latest) fs.rmSync(path.join(root, e), { recursive: true, force: true });
}
