/**
 * Training checkpoints, written atomically.
 *
 * Layout of `<root>` (a run's `checkpoints/` folder):
 *   step-N/<net>/model.json + weights.bin   each network, tfjs layers format (loadable with tf.loadLayersModel)
 *   step-N/optimizer.json + optimizer.bin   the main optimizer's slots (getWeights order) + hidden scalars
 *   step-N/terms/<term>.json + .bin         each term state's variables, then its optimizer (…-opt.json/.bin)
 *   step-N/state.json                       { version, step, ...loop state (rng, stream, elapsed) }
 *   latest                                  one line "step-N", replaced atomically
 * A checkpoint is written into `.tmp-step-N-<pid>`, every file fsynced, then renamed to `step-N`,
 * and only then is `latest` replaced — a write killed at any point leaves `latest` on the previous
 * complete checkpoint (stale `.tmp-*` folders are removed by the next write).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { TermState } from "../../stdlib/types.js";
import { fileSaveHandler, readModelArtifacts } from "./file-handler.js";
import { fsyncDir, replaceFileAtomic, writeFileDurable } from "./fs-atomic.js";
import {
  assignInOrder,
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
  for (const e of fs.readdirSync(root))
    if (e.startsWith(".tmp-")) fs.rmSync(path.join(root, e), { recursive: true, force: true });
  const name = `step-${step}`;
  const tmp = path.join(root, `.tmp-${name}-${process.pid}`);
  fs.mkdirSync(tmp, { recursive: true });
  for (const [net, model] of Object.entries(parts.networks)) {
    checkName("network", net);
    await model.save(fileSaveHandler(path.join(tmp, net)));
    fsyncDir(path.join(tmp, net));
  }
  await saveOptimizer(tmp, "optimizer", parts.optimizer);
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
  }
  if (terms.length > 0) fsyncDir(path.join(tmp, "terms"));
  const state = {
    version: 1,
    ...parts.state,
    networks: Object.keys(parts.networks),
    terms: terms.map(([t]) => t),
  };
  writeFileDurable(path.join(tmp, "state.json"), JSON.stringify(state, null, 2));
  fsyncDir(tmp);
  hooks.beforeCommit?.(tmp);
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
  replaceFileAtomic(path.join(root, LATEST), `${name}\n`);
  return final;
}

/** The folder `latest` points to, or null when there is none. Throws when `latest` names a missing folder. */
export function latestCheckpoint(root: string): string | null {
  const p = path.join(root, LATEST);
  if (!fs.existsSync(p)) return null;
  const name = fs.readFileSync(p, "utf8").trim();
  const dir = path.join(root, name);
  if (!/^step-\d+$/.test(name) || !fs.existsSync(path.join(dir, "state.json"))) {
    throw new Error(`${p} points to '${name}', which is not a complete checkpoint`);
  }
  return dir;
}

/** Reads `state.json` of a checkpoint folder. */
export function readCheckpointState(dir: string): { step: number } & Record<string, unknown> {
  const s = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8")) as { step?: unknown };
  if (typeof s.step !== "number") throw new Error(`${dir}/state.json has no step`);
  return s as { step: number } & Record<string, unknown>;
}

/**
 * Loads the weights saved in `dir/model.json` (+ weights.bin) into an existing `model`, matching by
 * order (model.weights, the order tfjs saves in) and checking shapes. Throws on any mismatch.
 */
export function loadWeightsInto(model: tf.LayersModel, dir: string): void {
  const art = readModelArtifacts(dir);
  const map = tf.io.decodeWeights(art.weightData as ArrayBuffer, art.weightSpecs ?? []);
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
 * built objects; returns the saved loop state. Throws when a network or term is missing or differs.
 */
export async function restoreCheckpoint(
  dir: string,
  targets: Omit<CheckpointParts, "state">,
): Promise<{ step: number } & Record<string, unknown>> {
  const state = readCheckpointState(dir);
  for (const [net, model] of Object.entries(targets.networks))
    loadWeightsInto(model, path.join(dir, net));
  await restoreOptimizer(dir, "optimizer", targets.optimizer);
  for (const [term, st] of Object.entries(targets.termStates ?? {})) {
    const { tensors } = loadTensors(path.join(dir, "terms"), term);
    try {
      assignInOrder(`term state '${term}'`, st.variables, tensors);
    } finally {
      tf.dispose(tensors.map((t) => t.tensor));
    }
    if (st.optimizer) await restoreOptimizer(path.join(dir, "terms"), `${term}-opt`, st.optimizer);
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
