/**
 * `disc study SPEC`: runs a spec's study (seeds × grid) and aggregates it.
 *
 *   --list              the table index → configuration → seed
 *   --emit slurm        sbatch scripts for a cluster (DIR/slurm/)
 *   --index I           train run I only (what each SLURM array task does)
 *   --aggregate         rebuild study.json and study.html from what has finished
 *   (default)           train every missing run here, --jobs at a time, then aggregate
 */
import { existsSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { renderDiagnostics } from "../diagnostics/render.js";
import { prepareSpec } from "../extend/prepare.js";
import { sortDiagnostics } from "../diagnostics/make.js";
import { loadStudy, StudyLoadError } from "../study/load.js";
import { findPython } from "../study/find-python.js";
import { CliError } from "./errors.js";
import { ensureWritableDir, positiveInt, nonNegativeInt, readSpec } from "./files.js";
import { printStudyTable, summaryTable, writeStudyOutputs } from "./study-output.js";
import { runLocalStudy, runOneIndex } from "./study-local.js";
import { writeSlurm } from "./study-slurm.js";

export interface StudyFlags {
  list: boolean;
  out?: string;
  jobs?: string;
  steps?: string;
  index?: string;
  emit?: string;
  aggregate: boolean;
  model?: string;
  backend?: string;
  target: string;
  nproc?: string;
  force: boolean;
  arrayLimit?: string;
  cpusPerTask?: string;
  mem?: string;
  time: string;
  partition?: string;
}

/** Runs `disc study`; returns the exit code. Throws CliError for bad flags and files. */
export async function runStudy(spec: string, flags: StudyFlags): Promise<number> {
  const steps = flags.steps === undefined ? undefined : positiveInt("--steps", flags.steps);
  const text = readSpec(spec);
  const prepared = await prepareSpec(text, spec);
  const modes = [flags.list, flags.emit !== undefined, flags.index !== undefined, flags.aggregate];
  if (modes.filter(Boolean).length > 1) {
    throw new CliError("--list, --emit, --index and --aggregate do not go together; pick one");
  }
  if (flags.emit !== undefined && flags.emit !== "slurm") {
    throw new CliError(`--emit expects slurm, got \`${flags.emit}\``);
  }
  if (flags.target !== "ts" && flags.target !== "pytorch") {
    throw new CliError(`--target expects ts or pytorch, got \`${flags.target}\``);
  }
  const target: "ts" | "pytorch" = flags.target;
  const nproc = flags.nproc === undefined ? 1 : positiveInt("--nproc", flags.nproc);
  if (nproc > 1 && target !== "pytorch") throw new CliError("--nproc is for --target pytorch");
  if (flags.backend !== undefined && target === "pytorch") {
    throw new CliError("--backend is for --target ts (PyTorch picks its device itself)");
  }
  let loaded;
  try {
    loaded = loadStudy(text, spec, {
      ...(prepared.registry ? { registry: prepared.registry } : {}),
      ...(flags.model !== undefined ? { model: flags.model } : {}),
      ...(steps !== undefined ? { steps } : {}),
      resolve: !flags.list && flags.emit === undefined,
      target,
    });
  } catch (err) {
    if (err instanceof StudyLoadError) throw new CliError(err.message);
    throw err;
  }
  const diagnostics = sortDiagnostics([...prepared.diagnostics, ...loaded.diagnostics]);
  if (diagnostics.length > 0) {
    process.stderr.write(
      renderDiagnostics(diagnostics, text, spec, { color: process.stderr.isTTY === true }) + "\n",
    );
  }
  const study = loaded.study;
  if (!study || diagnostics.some((d) => d.severity === "error")) return 1;
  if (flags.list) {
    printStudyTable(study);
    return 0;
  }
  const studyDir = resolve(flags.out ?? join("studies", study.spec.model));
  if (flags.emit === "slurm") return writeSlurm(spec, studyDir, study, flags, steps);
  if (flags.aggregate) {
    if (!existsSync(studyDir)) throw new CliError(`${studyDir}: no such study directory`);
    const { html, result } = await writeStudyOutputs(studyDir, spec, study, steps);
    process.stdout.write(
      `study: ${result.counts.finished} of ${result.runs.length} runs finished\n${summaryTable(result)}\n${join(studyDir, "study.json")}\n${html}\n`,
    );
    return 0;
  }
  guardStudyDir(studyDir, flags.force);
  const backend = flags.backend;
  let python: string | undefined;
  if (target === "pytorch") {
    const choice = findPython();
    if (choice.problem !== undefined) throw new CliError(`--target pytorch: ${choice.problem}`);
    python = choice.python;
  }
  const exec = {
    model: study.spec.model,
    target,
    text,
    nproc,
    ...(python !== undefined ? { python } : {}),
    ...(prepared.registry ? { registry: prepared.registry } : {}),
  };
  if (flags.index !== undefined) {
    const index = nonNegativeInt("--index", flags.index);
    if (index >= study.runs.length) {
      throw new CliError(
        `--index ${index} is outside this study's runs 0..${study.runs.length - 1}`,
      );
    }
    return runOneIndex(spec, studyDir, study, index, { steps, backend, exec });
  }
  const cores = availableParallelism();
  const jobs =
    flags.jobs === undefined
      ? Math.max(1, Math.floor(cores / 2))
      : positiveInt("--jobs", flags.jobs);
  return runLocalStudy(spec, studyDir, study, { jobs, cores, steps, backend, exec });
}

/**
 * Refuses a non-empty directory that is not a disc study (unless --force), so a study never
 * writes into a user's folder; creates it otherwise.
 */
function guardStudyDir(studyDir: string, force: boolean): void {
  if (existsSync(studyDir)) {
    const entries = readdirSync(studyDir);
    const ours = ["study.json", "state", "runs", "slurm"].some((n) => entries.includes(n));
    if (entries.length > 0 && !ours && !force) {
      throw new CliError(
        `${studyDir}: is not empty and holds no disc study; choose another --out (or --force to write into it)`,
      );
    }
  }
  ensureWritableDir(studyDir);
}
