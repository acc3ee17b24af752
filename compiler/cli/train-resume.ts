/**
 * `disc train --resume`: where a run continues from, and whether the spec it is given is the one
 * the run started with. Identity is the spec's content, the `use` modules it resolves and the
 * values that shape the program (--set, --seed, --steps), never the path as typed: the program
 * is compiled again under the file name the run recorded and compared with the run's trainer.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { checkpointFolders, recoverLatest } from "../../runtime/checkpoint/recover.js";
import { CliError } from "./errors.js";
import type { RunMarker } from "./run-dir.js";

/** Compiles the spec under `fileName` with this step override (undefined: the spec's own steps). */
export type CompileAs = (
  fileName: string,
  steps: number | undefined,
) => Promise<string | undefined>;

/** Where a resumed run starts, and the program to write into trainer.ts. */
export interface ResumePlan {
  /** The step of the checkpoint continued from (0 when the run has none yet). */
  readonly step: number;
  /** False when the run never wrote a checkpoint: it starts over from step 0. */
  readonly fromCheckpoint: boolean;
  readonly program: string;
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
 * a run with no checkpoint yet, or a run extended to more steps.
 */
export async function planResume(args: {
  readonly outDir: string;
  readonly marker: RunMarker | undefined;
  readonly specFile: string;
  readonly program: string;
  /** The --steps override of this command (undefined: none) and the step target it gives. */
  readonly steps: number | undefined;
  readonly targetSteps: number;
  readonly identity: RunMarker["spec"];
  readonly compileAs: CompileAs;
  readonly note: (line: string) => void;
}): Promise<ResumePlan> {
  const { outDir, marker, note } = args;
  const root = join(outDir, "checkpoints");
  const point = recoverLatest(root);
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
    return { step: 0, fromCheckpoint: false, program: args.program, specFile: args.specFile };
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
  const program =
    recorded === args.specFile ? args.program : await args.compileAs(recorded, args.steps);
  if (program === undefined) throw new CliError(`${args.specFile}: nothing to train`);
  const plan = { step: point.step, fromCheckpoint: true, program, specFile: recorded };
  if (old === undefined || old === program) return plan;

  const oldSteps = await onlyStepsChanged(outDir, old, (s) => args.compileAs(recorded, s));
  if (oldSteps === undefined) {
    const contentChanged = (marker?.spec.sha256 ?? source?.sha256) !== args.identity.sha256;
    throw new CliError(
      contentChanged
        ? `${outDir}: the spec changed since this run started; train into a new --out directory`
        : `${outDir}: the configuration changed since this run started (--set, --seed, --steps or disc's version differ); resume with the run's flags or train into a new --out directory`,
    );
  }
  note(`extending ${outDir} from ${oldSteps} to ${args.targetSteps} steps (nothing else changed)`);
  return plan;
}

/**
 * When a resumed run's program differs from the new one only in the step count, returns the old
 * step count (read from the run's config.json), else undefined. `recompile(steps)` compiles the
 * spec with that step override (undefined = the spec's own value).
 */
async function onlyStepsChanged(
  outDir: string,
  oldProgram: string,
  recompile: (steps: number | undefined) => Promise<string | undefined>,
): Promise<number | undefined> {
  let train: { steps?: { value?: unknown; from?: unknown } } | undefined;
  try {
    const config = JSON.parse(readFileSync(join(outDir, "config.json"), "utf8")) as {
      spec?: { train?: typeof train };
    };
    train = config.spec?.train;
  } catch {
    return undefined;
  }
  const old = train?.steps;
  if (typeof old?.value !== "number") return undefined;
  const again = await recompile(old.from === "command line" ? old.value : undefined);
  return again === oldProgram ? old.value : undefined;
}
