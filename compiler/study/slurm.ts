/**
 * `disc study SPEC --emit slurm`: an sbatch job-array script with one array task per run index
 * (each calls `disc study SPEC --model NAME --index $SLURM_ARRAY_TASK_ID`), throttled with `--array=0-N%M`,
 * and an aggregation script that runs after the array (`--dependency=afterany`), plus
 * `submit.sh` that submits both. Paths are absolute, so the scripts run from any directory of a
 * cluster that shares the file system.
 */
import { quote } from "./shell-quote.js";

export interface SlurmOptions {
  /** Absolute path of the spec. */
  readonly spec: string;
  /** Absolute path of the study directory. */
  readonly studyDir: string;
  /** Absolute path of bin/disc.js and of the node binary that runs it. */
  readonly disc: string;
  readonly node: string;
  readonly model: string;
  readonly runs: number;
  /** At most this many array tasks at once (`%M`); undefined: no throttle. */
  readonly arrayLimit?: number;
  readonly cpusPerTask: number;
  /** e.g. "8G"; undefined: the cluster's default. */
  readonly mem?: string;
  /** e.g. "04:00:00". */
  readonly time: string;
  readonly partition?: string;
  readonly steps?: number;
  readonly extraArgs?: readonly string[];
}

/** The generated files, by name (inside DIR/slurm/). */
export function slurmScripts(o: SlurmOptions): Record<string, string> {
  const throttle = o.arrayLimit !== undefined ? `%${o.arrayLimit}` : "";
  const common = [
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    `#SBATCH --output=${o.studyDir}/slurm/logs/%x-%A_%a.out`,
  ];
  // --model names the study's model, so a file of several models (DIS3026 without it) works too
  const disc = `${quote(o.node)} ${quote(o.disc)} study ${quote(o.spec)} --out ${quote(o.studyDir)} --model ${quote(o.model)}`;
  const steps = o.steps !== undefined ? ` --steps ${o.steps}` : "";
  const extra = (o.extraArgs ?? []).map(quote).join(" ");
  const array = [
    "#!/bin/bash",
    `#SBATCH --job-name=disc-${o.model}`,
    `#SBATCH --array=0-${o.runs - 1}${throttle}`,
    `#SBATCH --cpus-per-task=${o.cpusPerTask}`,
    ...(o.mem !== undefined ? [`#SBATCH --mem=${o.mem}`] : []),
    `#SBATCH --time=${o.time}`,
    ...common,
    "# One run of the study per array task; run i is always the same configuration and seed",
    "# (`disc study SPEC --list`). A task that is cancelled or times out (SIGTERM) checkpoints;",
    "# resubmitting the array resumes it and skips finished runs.",
    "set -euo pipefail",
    `export DISC_WASM_THREADS=\${SLURM_CPUS_PER_TASK:-${o.cpusPerTask}}`,
    `exec ${disc} --index "$SLURM_ARRAY_TASK_ID"${steps}${extra ? ` ${extra}` : ""}`,
    "",
  ].join("\n");
  const aggregate = [
    "#!/bin/bash",
    `#SBATCH --job-name=disc-${o.model}-aggregate`,
    "#SBATCH --cpus-per-task=1",
    "#SBATCH --time=00:30:00",
    `#SBATCH --output=${o.studyDir}/slurm/logs/%x-%j.out`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    "# Writes study.json and study.html from whatever runs finished.",
    "set -euo pipefail",
    `exec ${disc} --aggregate${steps}`,
    "",
  ].join("\n");
  const submit = [
    "#!/bin/bash",
    "# Submits the run array, then the aggregation once every array task has ended.",
    "set -euo pipefail",
    `cd ${quote(o.studyDir)}/slurm`,
    "mkdir -p logs",
    "array=$(sbatch --parsable study.sbatch)",
    "array=${array%%;*}",
    'agg=$(sbatch --parsable --dependency=afterany:"$array" aggregate.sbatch)',
    'echo "submitted run array $array and aggregation ${agg%%;*}"',
    "",
  ].join("\n");
  return { "study.sbatch": array, "aggregate.sbatch": aggregate, "submit.sh": submit };
}
