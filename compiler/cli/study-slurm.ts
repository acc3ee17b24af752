/** `disc study SPEC --emit slurm`: writes DIR/slurm/{study.sbatch, aggregate.sbatch, submit.sh}. */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { LoadedStudy } from "../study/load.js";
import { slurmScripts } from "../study/slurm.js";
import { positiveInt } from "./files.js";
import { CliError } from "./errors.js";
import { packagePath } from "../package-root.js";

/** Writes the scripts and says how to submit them; returns the exit code. */
export function writeSlurm(
  spec: string,
  studyDir: string,
  study: LoadedStudy,
  flags: {
    arrayLimit?: string;
    cpusPerTask?: string;
    mem?: string;
    time: string;
    partition?: string;
    backend?: string;
    target: string;
    nproc?: string;
  },
  steps: number | undefined,
): number {
  if (flags.mem !== undefined && !/^\d+[KMGT]?$/i.test(flags.mem))
    throw new CliError(`--mem expects e.g. 8G, got \`${flags.mem}\``);
  if (!/^(\d+-)?\d+(:\d+){0,2}$/.test(flags.time)) {
    throw new CliError(`--time expects e.g. 04:00:00 or 1-00:00:00, got \`${flags.time}\``);
  }
  const dir = join(studyDir, "slurm");
  mkdirSync(join(dir, "logs"), { recursive: true });
  const files = slurmScripts({
    spec: resolve(spec),
    studyDir,
    disc: packagePath("bin", "disc.js"),
    node: process.execPath,
    model: study.spec.model,
    runs: study.runs.length,
    ...(flags.arrayLimit !== undefined
      ? { arrayLimit: positiveInt("--array-limit", flags.arrayLimit) }
      : {}),
    cpusPerTask:
      flags.cpusPerTask !== undefined ? positiveInt("--cpus-per-task", flags.cpusPerTask) : 2,
    ...(flags.mem !== undefined ? { mem: flags.mem } : {}),
    time: flags.time,
    ...(flags.partition !== undefined ? { partition: flags.partition } : {}),
    ...(steps !== undefined ? { steps } : {}),
    extraArgs: [
      ...(flags.backend !== undefined ? ["--backend", flags.backend] : []),
      ...(flags.target === "pytorch" ? ["--target", "pytorch"] : []),
      ...(flags.nproc !== undefined ? ["--nproc", flags.nproc] : []),
    ],
  });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
  }
  process.stdout.write(
    `wrote ${Object.keys(files)
      .map((f) => join(dir, f))
      .join(", ")}\n` +
      `${study.runs.length} array tasks (disc study ${spec} --list shows which is which); submit with: bash ${join(dir, "submit.sh")}\n`,
  );
  return 0;
}
