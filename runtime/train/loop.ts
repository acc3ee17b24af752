/**
 * The training loop the generated trainer calls: deterministic from the seed, resumable bit for bit,
 * checkpointed atomically, interruptible (SIGINT / SIGTERM / AbortSignal → final checkpoint, then
 * `TrainingInterrupted`), leak-free.
 *
 * Run folder `outDir`: config.json (written at start: the spec's config, plus `data: {dataset,
 * path}` with the absolute path of a data file), metrics.jsonl ({step, time, ...terms,
 * "<term>/<diagnostic>": … (diagnostics.ts), total, kl_per_latent: {z: [D]}} every logEvery
 * steps), checkpoints/ (see runtime/checkpoint), and warnings.jsonl ({step, message} for each
 * warning about the run's health, e.g. an exploding loss or a KL estimate below 0; report.html
 * lists them).
 */
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { PenaltyDef, TermContext, TermState } from "../../stdlib/types.js";
import { faultPoint, pruneCheckpoints, writeCheckpoint } from "../checkpoint/index.js";
import { createBatchStream, createRng } from "../data/index.js";
import type { Batch, Dataset, Rng } from "../data/types.js";
import { TrainingInterrupted, watchInterrupts } from "./interrupt.js";
import { appendFileSync } from "node:fs";
import { negativeEstimateNotes, NegativeEstimateWatch } from "./estimates.js";
import { allFinite, HealthWatch, TrainingDiverged } from "./health.js";
import { appendMetrics } from "./metrics-file.js";
import { phaseCheckpointStates, runPhases } from "./phases.js";
import { prepareRun, restoreRun } from "./restore.js";
import { latentKlRecord } from "./latent-kl.js";
import { diagnosedTerms, diagnosticsRecord } from "./diagnostics.js";
import { Progress, type LogRecord } from "./progress.js";
import { evalProgressPrinter, type EvalProgress } from "../metrics/eval-progress.js";
import { disposeContext, trainStep, type LossFn } from "./step.js";
import { validateSpec } from "./validate.js";

export type { LogRecord };

export interface TrainerSpec {
  name: string;
  /** The resolved spec; written to config.json. */
  config: unknown;
  /**
   * The penalties of the spec's `use` modules (the trainer imports them; built-ins are looked up
   * by name): their `diagnostics` and `negativeEstimate` are read as a built-in's are.
   */
  penalties?: readonly PenaltyDef[];
  seed: number;
  /** Total optimizer steps of the run. */
  steps: number;
  logEvery: number;
  /** Steps between checkpoints (0 = only at the end). */
  checkpointEvery: number;
  /** Global gradient-norm clip (0 = off). */
  clipNorm: number;
  networks: Record<string, tf.LayersModel>;
  /** The main optimizer, over all networks' trainable weights. */
  optimizer: tf.Optimizer;
  /** Their update(ctx) is called after each main step with the step's context tensors (no gradient path back). */
  termStates?: Record<string, TermState>;
  data: { dataset: Dataset; batchSize: number };
  /** Computes named loss terms and the total for one batch; must only create tensors inside (the loop tidies). */
  loss(
    batch: Batch,
    step: number,
    rng: Rng,
  ): { terms: Record<string, tf.Scalar>; total: tf.Scalar; context?: TermContext };
  /** The main step's parameter set (default: every network's trainable weights). A GAN's generator step names G (+ Q). */
  variables?: tf.Variable[];
  /**
   * Alternating updates (a GAN's discriminator step): phases run in order before the main step of
   * every step, each differentiating its own loss w.r.t. its own `variables` only and applying its
   * own optimizer (checkpointed as term `phase.<name>`). Logged as `<name>.<term>` and `<name>.total`.
   */
  phases?: TrainPhase[];
  /**
   * Periodic evaluation (`evaluate every N`): after every `every`-th step (and its checkpoint),
   * `run(step)` is awaited and its values are appended to metrics.jsonl as one record
   * `{step, ...values}` (keys such as "eval/mig"). It must not touch the networks' weights, the
   * optimizer or the training RNG (metrics use their own seeded RNG), so training numbers are the
   * same with or without it. `onProgress` hears of each encoder call (long evaluations print
   * progress lines).
   */
  evaluate?: {
    every: number;
    run(step: number, onProgress?: EvalProgress): Promise<Record<string, number>>;
  };
}

/** One update of an alternating scheme: its loss, the parameters it may update, its optimizer. */
export interface TrainPhase {
  /** Name used in logs and checkpoints ("discriminator"); letters, digits, _ . - only. */
  name: string;
  /** The only variables this phase's gradient reaches; others get exactly no update from it. */
  variables: tf.Variable[];
  optimizer: tf.Optimizer;
  loss: LossFn;
}

export interface RunOptions {
  outDir: string;
  /** Overrides spec.steps. */
  steps?: number;
  /** Continue from outDir's latest checkpoint (a fresh start when there is none). */
  resume?: boolean;
  quiet?: boolean;
  onLog?: (rec: LogRecord) => void;
  /**
   * Stops the run after the current step, as SIGINT does. `signal.reason` "SIGINT" / "SIGTERM"
   * becomes the `TrainingInterrupted` reason (else "abort").
   */
  signal?: AbortSignal;
  /**
   * Listen to the process's SIGINT and SIGTERM while the loop runs (default true). `disc train`
   * passes false: it owns the signals for the whole command and aborts `signal` instead.
   */
  handleSignals?: boolean;
  /** Called once the loop is about to run (after any restore), with the step it starts from. */
  onStart?: (step: number) => void;
  /** Called after each checkpoint is written and `latest` points at it, with its step. */
  onCheckpoint?: (step: number) => void;
  /** Called when every step is done and the last checkpoint is written (not when interrupted). */
  onTrained?: (result: RunResult) => void;
  /** Keep only the newest N checkpoints (default 3). */
  keepCheckpoints?: number;
  /** Where progress goes (default process.stderr); `tty` defaults to that stream's isTTY. */
  output?: { write(s: string): unknown; isTTY?: boolean };
}

export interface RunResult {
  outDir: string;
  /** Optimizer steps done in total (including those before a resume). */
  steps: number;
  /** The step this session started from (0, or the checkpoint a resume continued). */
  startStep: number;
  /** Seconds this session spent training (steps and checkpoints), without evaluation. */
  seconds: number;
  /** Seconds this session spent in periodic evaluation (`evaluate every N`). */
  evaluationSeconds: number;
  /** Steps trained in this session (steps − startStep) per training second. */
  stepsPerSecond: number;
  /** The last step's term values and total. */
  last: Record<string, number>;
}

/** The networks' trainable weights, deduplicated by name (shared layers appear once), in a fixed order. */
export function trainableVariables(networks: Record<string, tf.LayersModel>): tf.Variable[] {
  const seen = new Map<string, tf.Variable>();
  for (const net of Object.values(networks)) {
    for (const w of net.trainableWeights) {
      const v = w.read();
      if (!(v instanceof tf.Variable))
        throw new Error(`weight ${w.name} of network ${net.name} is not a variable`);
      if (!seen.has(v.name)) seen.set(v.name, v);
    }
  }
  return [...seen.values()];
}

/**
 * Trains `spec` into `opts.outDir`. Resolves when the steps are done. When interrupted (SIGINT,
 * SIGTERM or opts.signal) it finishes the current step, writes a checkpoint and rejects with
 * `TrainingInterrupted` (so the caller skips evaluation). Throws on an invalid spec, a data set
 * smaller than a batch (UserError), a non-finite loss or weights (TrainingDiverged: nothing
 * non-finite is ever checkpointed, so `latest` stays on the last finite state), a damaged
 * checkpoint (CheckpointDamaged) or one that does not match the spec. Warns once when the loss
 * explodes or an optimizer's state stops being finite (health.ts).
 */
export async function runTraining(spec: TrainerSpec, opts: RunOptions): Promise<RunResult> {
  validateSpec(spec, opts);
  const totalSteps = opts.steps ?? spec.steps;
  const ckptRoot = path.join(opts.outDir, "checkpoints");
  const metricsPath = path.join(opts.outDir, "metrics.jsonl");
  const out = opts.output ?? process.stderr;
  const progress = new Progress({
    total: totalSteps,
    tty: Boolean(out.isTTY),
    quiet: Boolean(opts.quiet),
    logEvery: spec.logEvery,
    write: (s) => void out.write(s),
  });
  const warn = (line: string) => (opts.quiet ? out.write(`${line}\n`) : progress.message(line));
  prepareRun(spec, opts, warn);
  const rng = createRng(spec.seed);
  const stream = createBatchStream(spec.data.dataset, spec.data.batchSize, rng.seed());
  const varList = spec.variables ?? trainableVariables(spec.networks);
  const phaseStates = phaseCheckpointStates(spec.phases ?? []);
  const start = await restoreRun(
    spec,
    opts,
    { rng, stream, termStates: { ...(spec.termStates ?? {}), ...phaseStates } },
    { warn, message: (line) => progress.message(line) },
  );
  let step = start.step;
  const elapsedBefore = start.elapsedBefore;

  const interrupt = watchInterrupts({
    signal: opts.signal,
    handleSignals: opts.handleSignals ?? true,
    message: (line) => progress.message(line),
  });

  // health warnings go to the console and, to outlive it, to warnings.jsonl
  let warnStep = 0;
  const warnings = path.join(opts.outDir, "warnings.jsonl");
  const record = (line: string): void => {
    warn(line);
    appendFileSync(warnings, JSON.stringify({ step: warnStep, message: line }) + "\n");
  };
  const health = new HealthWatch(record);
  const estimates = new NegativeEstimateWatch(
    negativeEstimateNotes(spec.config, spec.data.batchSize, spec.data.dataset.size, spec.penalties),
    record,
  );
  const diagnosed = diagnosedTerms(spec.config, spec.penalties);
  const optimizers: Record<string, tf.Optimizer> = { main: spec.optimizer };
  for (const p of spec.phases ?? []) optimizers[p.name] = p.optimizer;
  for (const [k, st] of Object.entries(spec.termStates ?? {}))
    if (st.optimizer) optimizers[k] = st.optimizer;
  const startStep = step;
  const t0 = performance.now();
  const elapsed = () => elapsedBefore + (performance.now() - t0) / 1000;
  let evaluationSeconds = 0;
  const trainingSeconds = () => (performance.now() - t0) / 1000 - evaluationSeconds;
  let last: Record<string, number> = {};
  let lastCheckpoint = opts.resume ? step : -1;
  const checkpoint = async () => {
    const weights = [
      ...Object.values(spec.networks).flatMap((n) => n.weights.map((w) => w.read())),
      ...Object.values(spec.termStates ?? {}).flatMap((t) => t.variables),
    ];
    if (!allFinite(weights))
      throw new TrainingDiverged(
        step,
        "the weights are not finite after this update (the loss was finite; its gradients overflowed)",
        Math.max(lastCheckpoint, 0),
      );
    warnStep = step;
    await health.optimizers(step, optimizers);
    await writeCheckpoint(ckptRoot, {
      networks: spec.networks,
      optimizer: spec.optimizer,
      termStates: { ...(spec.termStates ?? {}), ...phaseStates },
      state: {
        step,
        rng: rng.state(),
        stream: stream.state(),
        elapsed: elapsed(),
        seed: spec.seed,
        termStates: Object.fromEntries(
          Object.entries(spec.termStates ?? {}).map(([k, st]) => [k, st.saveState?.() ?? null]),
        ),
      },
    });
    pruneCheckpoints(ckptRoot, opts.keepCheckpoints ?? 3);
    lastCheckpoint = step;
    opts.onCheckpoint?.(step);
  };

  try {
    opts.onStart?.(step);
    while (step < totalSteps && interrupt.reason === undefined) {
      const batch = stream.next();
      let context: TermContext | undefined;
      let latentKl: Record<string, number[]> | undefined;
      let diagnostics: Record<string, number> | undefined;
      try {
        const phaseValues = runPhases(spec.phases ?? [], batch, step, rng, spec.clipNorm);
        const r = trainStep(
          (b, s, g) => spec.loss(b, s, g),
          spec.optimizer,
          varList,
          batch,
          step,
          rng,
          spec.clipNorm,
        );
        context = r.context;
        last = { ...r.values, ...phaseValues };
        for (const [term, st] of Object.entries(spec.termStates ?? {})) {
          if (!context)
            throw new Error(`term state '${term}' needs the loss to return its TermContext`);
          const ctx = context;
          const logs = tf.tidy(() => st.update(ctx));
          for (const [k, v] of Object.entries(logs)) last[`${term}.${k}`] = v;
        }
        if ((step + 1) % spec.logEvery === 0 || step + 1 === totalSteps) {
          latentKl = latentKlRecord(context);
          diagnostics = diagnosticsRecord(diagnosed, context, spec.termStates);
        }
      } catch (e) {
        throw e instanceof TrainingDiverged ? e.at(Math.max(lastCheckpoint, 0)) : e;
      } finally {
        disposeContext(context);
        tf.dispose([batch.x, batch.y, batch.labels].filter((t) => t !== undefined) as tf.Tensor[]);
      }
      step++;
      faultPoint(step, "update");
      const rate = (step - startStep) / Math.max(trainingSeconds(), 1e-9);
      if (step % spec.logEvery === 0 || step === totalSteps) {
        const rec: LogRecord = {
          step,
          time: round3(elapsed()),
          ...last,
          ...diagnostics,
          total: last["total"] ?? NaN,
        };
        appendMetrics(metricsPath, rec, latentKl && { kl_per_latent: latentKl });
        opts.onLog?.(rec);
        warnStep = step;
        health.loss(step, rec.total);
        estimates.check(step, rec);
        await health.optimizers(step, optimizers);
      }
      progress.update(step, rate, last);
      if (spec.checkpointEvery > 0 && step % spec.checkpointEvery === 0) await checkpoint();
      if (spec.evaluate && spec.evaluate.every > 0 && step % spec.evaluate.every === 0) {
        const evalStart = performance.now();
        const values = await spec.evaluate.run(
          step,
          evalProgressPrinter(progress.message.bind(progress)),
        );
        evaluationSeconds += (performance.now() - evalStart) / 1000;
        appendMetrics(metricsPath, { step, time: round3(elapsed()), ...values } as LogRecord);
        progress.message(
          `step ${step}: ${Object.entries(values)
            .filter(([k]) => k.split("/").length === 2)
            .map(([k, v]) => `${k} ${v.toFixed(4)}`)
            .join(", ")}`,
        );
      }
      await new Promise<void>((resolve) => setImmediate(resolve)); // lets SIGINT / abort through
    }
    if (step !== lastCheckpoint) await checkpoint();
  } finally {
    progress.finish();
    interrupt.dispose();
  }
  const seconds = trainingSeconds();
  const result: RunResult = {
    outDir: opts.outDir,
    steps: step,
    startStep,
    seconds,
    evaluationSeconds,
    stepsPerSecond: seconds > 0 ? (step - startStep) / seconds : 0,
    last,
  };
  // an interrupt that came during the last step still skips evaluation: the caller asked to stop
  if (interrupt.reason !== undefined) throw new TrainingInterrupted(result, interrupt.reason);
  opts.onTrained?.(result);
  return result;
}

/** x rounded to 3 decimals. */
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
