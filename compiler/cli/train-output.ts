/** What `disc train` prints when a run ends: the summary of a finished run, or a diverged run's way on. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkpointFolders } from "../../runtime/checkpoint/recover.js";
import type { RunResult } from "../../runtime/index.js";
import { latentSummaryLines } from "../../runtime/viz/latent-files.js";
import { commandLine } from "./run-lock.js";

/** A diverged run's error with the commands that continue it: after a fix, or from further back. */
export function divergedHint(message: string, again: readonly string[], outDir: string): string {
  const steps = checkpointFolders(join(outDir, "checkpoints")).map((n) => n.slice(5));
  const resume = commandLine(again);
  if (steps.length === 0) return message;
  const from = commandLine(
    again.flatMap((a) => (a === "--resume" ? ["--resume-from", "STEP"] : [a])),
  );
  return `${message}: \`${resume}\` continues once the spec's learning rate is lowered (a resume may change learning rates and steps), \`${from}\` from an earlier checkpoint (steps ${steps.join(", ")})`;
}

/**
 * The lines printed after a run: where it is, the steps trained in this invocation with their
 * time and speed, the evaluation time (periodic, and `afterSeconds` after training: pictures and
 * metrics), last losses, the headline metrics, and which latent captures which factor.
 */
export function summary(run: RunResult, afterSeconds?: number): string {
  const terms = Object.entries(run.last)
    .map(([k, v]) => `${k} ${v.toFixed(3)}`)
    .join(", ");
  const lines = [`run directory: ${run.outDir}`, ...timing(run, afterSeconds), `last: ${terms}`];
  const evaluation = join(run.outDir, "evaluation.json");
  if (existsSync(evaluation)) {
    const metrics = JSON.parse(readFileSync(evaluation, "utf8")) as Record<
      string,
      { value: number; variant: string }
    >;
    for (const [name, m] of Object.entries(metrics))
      lines.push(`${name}: ${m.value.toFixed(4)} (${m.variant})`);
  }
  lines.push(...latentSummaryLines(run.outDir));
  lines.push(
    `open ${join(run.outDir, "report.html")} for curves, traversals and reconstructions`,
    "",
  );
  return lines.join("\n");
}

/**
 * "trained N steps [(step a → b)] in X s (r steps/s)" for the steps of this invocation, then the
 * time spent evaluating during training and after it, when there was any.
 */
export function timing(run: RunResult, afterSeconds?: number): string[] {
  const start = run.startStep;
  const trained = run.steps - start;
  const range = start > 0 ? ` (step ${start} → ${run.steps})` : "";
  const lines = [
    `trained ${trained} step${trained === 1 ? "" : "s"}${range} in ${run.seconds.toFixed(1)} s (${run.stepsPerSecond.toFixed(2)} steps/s)`,
  ];
  const parts: string[] = [];
  if (run.evaluationSeconds > 0)
    parts.push(`evaluation during training ${run.evaluationSeconds.toFixed(1)} s`);
  if (afterSeconds !== undefined && afterSeconds > 0)
    parts.push(`pictures, metrics and report after training ${afterSeconds.toFixed(1)} s`);
  if (parts.length > 0) lines.push(parts.join("; "));
  return lines;
}
