/**
 * `disc train --resume`: where a run continues from, and whether the spec it is given is the one
 * the run started with. Identity is the spec's content, the `use` modules it resolves and the
 * values that shape the program (--set, --seed, --steps), never the path as typed: the program
 * is compiled again under the file name the run recorded and compared with the run's trainer.ts
 * and the resolved spec beside it.
 * What may change on a resume is in resume-changes.ts (the step target, learning rates);
 * `--resume-from STEP` continues from an earlier checkpoint (resume-from.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { checkpointFolders, recoverLatest } from "../../runtime/checkpoint/recover.js";
import type { ModelIR } from "../ir/types.js";
import { DISC_VERSION } from "../version.js";
import { CliError } from "./errors.js";
import { describeChanges, safeChanges } from "./resume-changes.js";
import { rewindTo } from "./resume-from.js";
import type { RunMarker } from "./run-dir.js";

/**
 * What `disc train` writes into a run directory: the program (trainer.ts) and the files it reads
 * beside it (`<model>.spec.json`), by name.
 */
export interface RunFiles {
  readonly program: string;
  readonly sidecars: Readonly<Record<string, string>>;
}

/** A compile's files as RunFiles (the trainer is the `.ts` file), or undefined when there is none. */
export function runFilesOf(files: Readonly<Record<string, string>>): RunFiles | undefined {
  const entries = Object.entries(files);
  const trainer = entries.find(([name]) => name.endsWith(".ts"));
  if (trainer === undefined) return undefined;
  return {
    program: trainer[1],
    sidecars: Object.fromEntries(entries.filter(([name]) => name !== trainer[0])),
  };
}

/** Compiles the spec under `fileName` with this step override (undefined: the spec's own steps). */
export type CompileAs = (
  fileName: string,
  steps: number | undefined,
) => Promise<RunFiles | undefined>;

/** Where a resumed run starts, and the program to write into trainer.ts. */
export interface ResumePlan {
  /** The step of the checkpoint continued from (0 when the run has none yet). */
  readonly step: number;
  /** False when the run never wrote a checkpoint: it starts over from step 0. */
  readonly fromCheckpoint: boolean;
  readonly files: RunFiles;
  /** The file name the program is compiled under: the one the run started with (run.json keeps it). */
  readonly specFile: string;
}

/** `Source: FILE (sha256 HASH)` in a generated program's header. */
function sourceOf(program: string): { file: string; sha256: string } | undefined {
  const m = / \* Source: (.*) \(sha256 ([0-9a-f]{64})\)/.exec(program);
  return m ? { file: m[1]!, sha256: m[2]! } : undefined;
}

/**
 * Plans the resume of the run in `outDir` (locked by the caller). `program` is the spec compiled
 * under the path as typed, `identity` its content identity. Throws a one-line CliError when there
 * is nothing to resume from or the spec is not the run's; writes notes for a repaired `latest`,
 * a run with no checkpoint yet, an earlier checkpoint resumed from, and safe changes (more steps,
 * another learning rate).
 */
export async function planResume(args: {
  readonly outDir: string;
  readonly marker: RunMarker | undefined;
  readonly specFile: string;
  readonly files: RunFiles;
  /** The --steps override of this command (undefined: none). */
  readonly steps: number | undefined;
  /** The resolved spec as compiled now (compared with the run's config.json). */
  readonly ir: ModelIR;
  /** `--resume-from STEP`: continue from this checkpoint instead of `latest`. */
  readonly resumeFrom?: number;
  readonly identity: RunMarker["spec"];
  readonly compileAs: CompileAs;
  readonly note: (line: string) => void;
}): Promise<ResumePlan> {
  const { outDir, marker, note } = args;
  const root = join(outDir, "checkpoints");
  const point =
    args.resumeFrom === undefined ? recoverLatest(root) : rewindTo(root, args.resumeFrom, note);
  if (!point) {
    const reached = marker?.step ?? 0;
    if (checkpointFolders(root).length > 0 || reached > 0 || !marker) {
      throw new CliError(
        reached > 0
          ? `${outDir}: no complete checkpoint in checkpoints/ although the run reached step ${reached}; it cannot be resumed, train into a new --out directory`
          : `${outDir}: no checkpoint to resume from`,
      );
    }
    note(
      `note: ${outDir} has no checkpoint yet (the run ${marker.status === "failed" ? "failed" : "stopped"} before its first one); starting from step 0`,
    );
    return { step: 0, fromCheckpoint: false, files: args.files, specFile: args.specFile };
  }
  if (point.repaired)
    note(
      `note: ${point.repaired}; resuming from ${basename(point.dir)}, the newest complete checkpoint`,
    );

  for (const [file, sha] of Object.entries(marker?.spec.uses ?? {})) {
    if (args.identity.uses[file] !== sha)
      throw new CliError(
        `${outDir}: the \`use\` module ${file} changed since this run started; train into a new --out directory`,
      );
  }
  const trainerPath = join(outDir, "trainer.ts");
  const old = existsSync(trainerPath) ? readFileSync(trainerPath, "utf8") : undefined;
  const source = old === undefined ? undefined : sourceOf(old);
  const recorded = marker?.spec.file ?? source?.file ?? args.specFile;
  const files =
    recorded === args.specFile ? args.files : await args.compileAs(recorded, args.steps);
  if (files === undefined) throw new CliError(`${args.specFile}: nothing to train`);
  const plan = { step: point.step, fromCheckpoint: true, files, specFile: recorded };
  if (old === undefined || (old === files.program && sidecarsUnchanged(outDir, files))) return plan;

  const sameDisc = (marker?.disc ?? DISC_VERSION) === DISC_VERSION;
  const changes = sameDisc ? safeChanges(configSpec(outDir), args.ir) : undefined;
  if (changes === undefined) {
    const contentChanged = (marker?.spec.sha256 ?? source?.sha256) !== args.identity.sha256;
    throw new CliError(
      contentChanged
        ? `${outDir}: the spec changed since this run started (only the steps and learning rates may change on a resume); train into a new --out directory`
        : `${outDir}: the configuration changed since this run started (--model, --set, --seed or disc's version differ); resume with the run's flags or train into a new --out directory`,
    );
  }
  const steps = changes.find((c) => c.what === "steps");
  if (changes.length === 1 && steps)
    note(`extending ${outDir} from ${steps.from} to ${steps.to} steps (nothing else changed)`);
  else if (changes.length > 0)
    note(`note: resuming ${outDir} with ${describeChanges(changes)} (nothing else changed)`);
  else
    note(
      `note: the program for ${outDir} changed since it started (the spec's text or disc's code generation), but not what it trains`,
    );
  return plan;
}

/** Whether every file written beside the run's trainer.ts (its resolved spec) still holds what `files` would write. */
function sidecarsUnchanged(outDir: string, files: RunFiles): boolean {
  return Object.entries(files.sidecars).every(([name, text]) => {
    const path = join(outDir, name);
    return existsSync(path) && readFileSync(path, "utf8") === text;
  });
}

/** The resolved spec the run last started with (config.json's `spec`), or undefined. */
function configSpec(outDir: string): unknown {
  try {
    return (JSON.parse(readFileSync(join(outDir, "config.json"), "utf8")) as { spec?: unknown })
      .spec;
  } catch {
    return undefined;
  }
}
