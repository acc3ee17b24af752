/**
 * `disc eval RUN_DIR [--metrics LIST] [--samples N] [--backend B] [--seed S]`: loads a trained
 * run (its trainer.ts and latest checkpoint), scores the metrics, adds them to RUN_DIR/eval.json
 * (results accumulate per metric, variant, sample count, seed, representation and step:
 * runtime/metrics/eval-log.ts), refreshes RUN_DIR/report.html and prints an aligned table.
 */
import { renameSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BackendName } from "../../runtime/index.js";
import {
  formatMetricNumber,
  mergeEvalResults,
  readEvalLog,
  writeEvalLog,
} from "../../runtime/metrics/eval-log.js";
import { evalProgressPrinter } from "../../runtime/metrics/eval-progress.js";
import type { MetricResult } from "../../runtime/metrics/types.js";
import { CliError } from "./errors.js";
import { withRunLock } from "./run-lock.js";
import { nonNegativeInt, positiveInt } from "./files.js";

export interface EvalFlags {
  metrics?: string;
  samples?: string;
  backend: string;
  seed?: string;
  quiet: boolean;
}

const BACKENDS = ["auto", "tensorflow", "wasm", "cpu"];

/**
 * Runs `disc eval`; returns the exit code. `--metrics` is a comma-separated list of metric names
 * or `all` (default: the spec's evaluate list, or all seven metrics when it has none).
 * @throws CliError on bad flags, a directory that is not a trained run, or an unknown metric.
 */
export async function runEval(runDir: string, flags: EvalFlags): Promise<number> {
  return withRunLock(resolve(runDir), () => runEvalLocked(runDir, flags));
}

async function runEvalLocked(runDir: string, flags: EvalFlags): Promise<number> {
  if (!BACKENDS.includes(flags.backend))
    throw new CliError(`--backend expects one of ${BACKENDS.join(", ")}, got \`${flags.backend}\``);
  const samples = flags.samples === undefined ? undefined : positiveInt("--samples", flags.samples);
  if (samples !== undefined && samples < 4)
    throw new CliError(`--samples must be at least 4, got ${samples}`);
  const seed = flags.seed === undefined ? undefined : nonNegativeInt("--seed", flags.seed);
  // the runtime (and tfjs) is loaded only for commands that need it
  const { ALL_METRICS, evaluateSpecMetrics, loadRun, writeReport, METRIC_NAMES } =
    await import("../../runtime/index.js");

  if (flags.metrics !== undefined && flags.metrics.trim() !== "all") {
    const unknown = flags.metrics
      .split(",")
      .map((m) => m.trim())
      .filter((m) => m.length > 0 && !METRIC_NAMES.includes(m));
    if (unknown.length > 0)
      throw new CliError(
        `unknown metric ${unknown.join(", ")}; valid metrics are ${METRIC_NAMES.join(", ")} (or all)`,
      );
  }
  const run = await loadRun(runDir, {
    backend: flags.backend as BackendName,
    quiet: flags.quiet,
  }).catch((e: unknown) => {
    throw new CliError(e instanceof Error ? e.message : String(e));
  });
  try {
    const specMetrics = run.spec.evaluate?.metrics ?? [];
    let names: string[];
    if (flags.metrics === undefined)
      names = specMetrics.length > 0 ? specMetrics.map((m) => m.name) : [...ALL_METRICS];
    else if (flags.metrics.trim() === "all") names = [...ALL_METRICS];
    else
      names = flags.metrics
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
    if (names.length === 0) throw new CliError("--metrics names no metric");
    const unknown = names.filter((n) => !METRIC_NAMES.includes(n));
    if (unknown.length > 0)
      throw new CliError(
        `unknown metric ${unknown.join(", ")}; valid metrics are ${METRIC_NAMES.join(", ")} (or all)`,
      );
    const requests = names.map((name) => {
      const args = { ...(specMetrics.find((m) => m.name === name)?.args ?? {}) } as Record<
        string,
        { value: unknown } | undefined
      >;
      if (seed !== undefined) args["seed"] = { value: seed };
      return { name, args };
    });
    if (!flags.quiet) {
      process.stderr.write(
        `evaluating ${run.spec.name} at step ${run.step} on ${run.dataset.name}: ${names.join(", ")}\n`,
      );
    }
    const t0 = performance.now();
    const metrics = await evaluateSpecMetrics(requests, run.dataset, run.encodeArrays, {
      samples,
      ...(flags.quiet
        ? {}
        : { onProgress: evalProgressPrinter((l) => void process.stderr.write(`  ${l}\n`)) }),
      onResult: (name, r) => {
        if (!flags.quiet)
          process.stderr.write(
            `  ${name} = ${r.value.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
          );
      },
    }).catch((e: unknown) => {
      throw new CliError(e instanceof Error ? e.message : String(e));
    });
    const out = join(run.runDir, "eval.json");
    const where = { model: run.spec.name, step: run.step, checkpoint: run.checkpoint };
    const before = readEvalOrNull(out, flags.quiet);
    const log = mergeEvalResults(
      before,
      { ...where, evaluated: new Date().toISOString() },
      metrics,
    );
    writeEvalLog(out, log);
    await writeReport(run.runDir);
    const kept = log.results.length - Object.keys(metrics).length;
    process.stdout.write(
      metricTable(metrics) +
        `wrote ${out}${kept > 0 ? ` (with ${kept} earlier result${kept === 1 ? "" : "s"})` : ""}\n`,
    );
    return 0;
  } finally {
    run.dispose();
  }
}

/** An aligned text table: metric, value, variant, train/test points, seed, representation, extras. */
export function metricTable(metrics: Record<string, MetricResult>): string {
  const rows = [["metric", "value", "variant", "samples", "seed", "repr", "extra"]];
  for (const [name, r] of Object.entries(metrics)) {
    const extra = Object.entries(r.extra ?? {})
      .filter(([k]) => !k.startsWith("mig_"))
      .map(([k, v]) => `${k}=${formatMetricNumber(v)}`)
      .join(" ");
    const samples =
      r.samples.test === undefined ? `${r.samples.train}` : `${r.samples.train}/${r.samples.test}`;
    rows.push([
      name,
      r.value.toFixed(4),
      r.variant,
      samples,
      String(r.seed),
      r.representation,
      extra,
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, c) => (c === 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}

/**
 * The earlier eval.json, or null when there is none; one that cannot be read is moved aside to
 * eval.json.unreadable (with a note), never overwritten.
 */
function readEvalOrNull(path: string, quiet: boolean): ReturnType<typeof readEvalLog> {
  try {
    return readEvalLog(path);
  } catch (e) {
    renameSync(path, `${path}.unreadable`);
    if (!quiet)
      process.stderr.write(
        `note: ${(e as Error).message}; moved it to ${path}.unreadable and started a new one\n`,
      );
    return null;
  }
}
