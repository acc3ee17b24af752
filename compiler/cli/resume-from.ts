/**
 * `disc train --resume-from STEP`: continue a run from an earlier checkpoint than `latest` (the
 * one before a loss went NaN, or before a damaged one). The checkpoints after STEP belong to the
 * abandoned continuation: they are moved into `checkpoints/abandoned/` (never deleted, and never
 * again taken for the newest checkpoint), and `latest` is repointed at STEP. Uses node:fs only.
 */
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { replaceFileAtomic } from "../../runtime/checkpoint/fs-atomic.js";
import { verifyCheckpoint } from "../../runtime/checkpoint/integrity.js";
import { checkpointFolders, cleanCheckpointLeftovers } from "../../runtime/checkpoint/recover.js";
import type { ResumePoint } from "../../runtime/checkpoint/recover.js";
import { CliError } from "./errors.js";

/** Where abandoned checkpoints go, inside a run's checkpoints/ folder. */
export const ABANDONED = "abandoned";

/**
 * Makes checkpoint `step` of `root` the one a resume continues from (see the file comment).
 * Throws CliError when there is no complete checkpoint of that step (listing those there are) and
 * CheckpointDamaged when it is damaged; writes a note for what it moved aside.
 */
export function rewindTo(root: string, step: number, note: (line: string) => void): ResumePoint {
  cleanCheckpointLeftovers(root);
  const names = checkpointFolders(root);
  const dir = join(root, `step-${step}`);
  if (!names.includes(`step-${step}`) || !existsSync(join(dir, "state.json"))) {
    const have = names.map((n) => n.slice(5)).join(", ");
    throw new CliError(
      `--resume-from ${step}: ${root} has no checkpoint of step ${step} (${have ? `it has steps ${have}` : "it has none"})`,
    );
  }
  verifyCheckpoint(dir);
  const later = names.filter((n) => Number(n.slice(5)) > step);
  if (later.length > 0) {
    const aside = join(root, ABANDONED, new Date().toISOString().replace(/[:.]/g, "-"));
    mkdirSync(aside, { recursive: true });
    for (const n of later) renameSync(join(root, n), join(aside, n));
    note(
      `note: moved the later checkpoints (${later.map((n) => n.slice(5)).join(", ")}) into ${aside}`,
    );
  }
  replaceFileAtomic(join(root, "latest"), `step-${step}\n`);
  return { dir, step };
}
