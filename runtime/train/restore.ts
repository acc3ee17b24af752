/**
 * The start of a training run, before its first step: the data set checked against the batch
 * size, the run folder prepared (a killed write's leftovers removed, config.json written), and on
 * a resume every piece of state restored from the checkpoint `latest` names (repairing a missing
 * `latest` like `disc train --resume` does): weights, optimizers, term states and their own JSON
 * state, the training RNG, the batch stream's position and the elapsed time.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { TermState } from "../../stdlib/types.js";
import { cleanCheckpointLeftovers, recoverLatest, restoreCheckpoint } from "../checkpoint/index.js";
import { replaceFileAtomic } from "../checkpoint/fs-atomic.js";
import type { BatchStream, Rng } from "../data/types.js";
import { UserError } from "../errors.js";
import type { RunOptions, TrainerSpec } from "./loop.js";
import { truncateMetrics } from "./metrics-file.js";

/** Where the loop starts: the step and the seconds trained before this session. */
export interface StartPoint {
  readonly step: number;
  readonly elapsedBefore: number;
}

/**
 * Checks the data set (UserError when it is smaller than a batch, a warning when it holds fewer
 * than 4 batches), prepares `opts.outDir` and writes config.json (the spec's config plus
 * `data: {dataset, path}` for a data file).
 */
export function prepareRun(spec: TrainerSpec, opts: RunOptions, warn: (l: string) => void): void {
  const { dataset, batchSize } = spec.data;
  if (dataset.size < batchSize)
    throw new UserError(
      `the data set ${dataset.name} has ${dataset.size} examples, fewer than one batch of ${batchSize}; lower the batch size or use more data`,
    );
  if (dataset.size < 4 * batchSize)
    warn(
      `warning: the data set ${dataset.name} has only ${dataset.size} examples, ${(dataset.size / batchSize).toFixed(1)} batches of ${batchSize} per epoch; every batch repeats the same few examples`,
    );
  fs.mkdirSync(opts.outDir, { recursive: true });
  cleanCheckpointLeftovers(path.join(opts.outDir, "checkpoints"));
  // the data file as read (a relative `path` is the spec folder's), for eval and the record
  const config =
    dataset.file !== undefined && spec.config !== null && typeof spec.config === "object"
      ? { ...spec.config, data: { dataset: dataset.name, path: dataset.file } }
      : (spec.config ?? null);
  replaceFileAtomic(path.join(opts.outDir, "config.json"), JSON.stringify(config, null, 2) + "\n");
}

/**
 * Restores the run in `opts.outDir` when `opts.resume` (else starts at 0) and truncates
 * metrics.jsonl to the step it continues from. `termStates` are the spec's term states plus the
 * phases' optimizers. Throws CheckpointDamaged for a damaged checkpoint.
 */
export async function restoreRun(
  spec: TrainerSpec,
  opts: RunOptions,
  state: { rng: Rng; stream: BatchStream; termStates: Record<string, TermState> },
  say: { warn: (l: string) => void; message: (l: string) => void },
): Promise<StartPoint> {
  const ckptRoot = path.join(opts.outDir, "checkpoints");
  const metricsPath = path.join(opts.outDir, "metrics.jsonl");
  if (!opts.resume) {
    truncateMetrics(metricsPath, 0);
    return { step: 0, elapsedBefore: 0 };
  }
  const point = recoverLatest(ckptRoot);
  if (point?.repaired)
    say.warn(`note: ${point.repaired}; resuming from the newest complete checkpoint`);
  if (!point) {
    truncateMetrics(metricsPath, 0);
    say.message(`no checkpoint in ${ckptRoot}; starting ${spec.name} from step 0`);
    return { step: 0, elapsedBefore: 0 };
  }
  const st = await restoreCheckpoint(point.dir, {
    networks: spec.networks,
    optimizer: spec.optimizer,
    termStates: state.termStates,
  });
  state.rng.restore(st["rng"]);
  state.stream.restore(st["stream"] as { epoch: number; offset: number });
  const saved = (st["termStates"] ?? {}) as Record<string, unknown>;
  for (const [k, ts] of Object.entries(spec.termStates ?? {})) {
    if (saved[k] !== undefined && saved[k] !== null) ts.restoreState?.(saved[k]);
    else if (ts.restoreState)
      say.warn(
        `note: the checkpoint holds no state of term '${k}' (an older disc wrote it); it continues from its initial state`,
      );
  }
  truncateMetrics(metricsPath, st.step);
  say.message(
    `resumed ${spec.name} from ${path.relative(process.cwd(), point.dir) || point.dir} (step ${st.step})`,
  );
  return { step: st.step, elapsedBefore: typeof st["elapsed"] === "number" ? st["elapsed"] : 0 };
}
