/**
 * Finding the checkpoint a resume continues from without trusting `latest` blindly: `latest`
 * may be missing (deleted by hand, a copy that skipped it) or name a folder that is gone. A
 * `step-N` folder only ever appears complete (it is renamed into place after every file is
 * fsynced, see checkpoint.ts), so the newest `step-N` with a readable state.json is a safe place to
 * continue from. Uses node:fs only (no tfjs), so the CLI can call it before loading the runtime.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { replaceFileAtomic } from "./fs-atomic.js";

/** Where a resume continues from. */
export interface ResumePoint {
  /** The checkpoint folder (`<root>/step-N`). */
  readonly dir: string;
  readonly step: number;
  /** Set when `latest` had to be repointed: what was wrong with it. */
  readonly repaired?: string;
}

/** The step of a complete checkpoint folder, or undefined when its state.json is missing or bad. */
function completeStep(dir: string): number | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8")) as {
      step?: unknown;
    };
    return typeof s.step === "number" ? s.step : undefined;
  } catch {
    return undefined;
  }
}

/** Removes what a killed write left in `root`: `.tmp-*` folders and `latest.tmp-<pid>` pointers. */
export function cleanCheckpointLeftovers(root: string): void {
  if (!fs.existsSync(root)) return;
  for (const e of fs.readdirSync(root))
    if (e.startsWith(".tmp-") || /^latest\.tmp-\d+$/.test(e))
      fs.rmSync(path.join(root, e), { recursive: true, force: true });
}

/** The `step-N` folder names under `root`, newest first. */
export function checkpointFolders(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((e) => /^step-\d+$/.test(e))
    .sort((a, b) => Number(b.slice(5)) - Number(a.slice(5)));
}

/**
 * The checkpoint `latest` points to; when `latest` is missing or names an incomplete folder, the
 * newest complete `step-N` instead, and `latest` is atomically repointed at it (`repaired` says
 * why). Null when `root` holds no complete checkpoint. Removes a killed write's leftovers first.
 */
export function recoverLatest(root: string): ResumePoint | null {
  cleanCheckpointLeftovers(root);
  const latestFile = path.join(root, "latest");
  let problem: string;
  if (fs.existsSync(latestFile)) {
    const name = fs.readFileSync(latestFile, "utf8").trim();
    const step = /^step-\d+$/.test(name) ? completeStep(path.join(root, name)) : undefined;
    if (step !== undefined) return { dir: path.join(root, name), step };
    problem = `${latestFile} named '${name}', which is not a complete checkpoint`;
  } else {
    problem = `${latestFile} was missing`;
  }
  for (const name of checkpointFolders(root)) {
    const step = completeStep(path.join(root, name));
    if (step === undefined) continue;
    replaceFileAtomic(latestFile, `${name}\n`);
    return { dir: path.join(root, name), step, repaired: problem };
  }
  return null;
}
