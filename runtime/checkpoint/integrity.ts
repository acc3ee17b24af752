/**
 * Checkpoint integrity: state.json lists the sha256 of every other file of its checkpoint
 * (`files`) and carries the sha256 of its own content (`sha256`), so a file that was truncated,
 * overwritten or edited is found before any of it is loaded, and named. Checkpoints written
 * before checksums existed (no `files`) are still read, without the check. Uses node:fs only (no
 * tfjs), so the CLI can check a checkpoint before loading the runtime.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { CheckpointDamaged, isUserError } from "../errors.js";
import { checkpointFolders } from "./recover.js";

/** The state file of a checkpoint folder. */
export const STATE_JSON = "state.json";

function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Every file under `dir` except state.json, by path relative to `dir` ("/"-separated), sorted. */
function filesUnder(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(path.join(dir, e.name), rel));
    else if (rel !== STATE_JSON) out.push(rel);
  }
  return out.sort();
}

/** sha256 of every file of the checkpoint being written in `dir` (state.json excepted). */
export function fileChecksums(dir: string): Record<string, string> {
  return Object.fromEntries(
    filesUnder(dir).map((rel) => [rel, sha256(fs.readFileSync(path.join(dir, rel)))]),
  );
}

/** state.json's text for `state`, with `sha256` = the hash of the text without it. */
export function sealState(state: Record<string, unknown>): string {
  const { sha256: _ignored, ...rest } = state;
  const body = JSON.stringify(rest, null, 2);
  return JSON.stringify({ ...rest, sha256: sha256(body) }, null, 2);
}

/** Steps of the complete checkpoints beside `dir` that are older than it, newest first. */
export function earlierSteps(dir: string): number[] {
  const own = Number(/^step-(\d+)$/.exec(path.basename(dir))?.[1] ?? Infinity);
  return checkpointFolders(path.dirname(dir))
    .map((name) => Number(name.slice(5)))
    .filter((s) => s < own && fs.existsSync(path.join(path.dirname(dir), `step-${s}`, STATE_JSON)));
}

/** A CheckpointDamaged for `file` of checkpoint `dir`. */
export function damaged(dir: string, file: string, problem: string): CheckpointDamaged {
  return new CheckpointDamaged(file, problem, earlierSteps(dir));
}

/**
 * Reads and checks `dir/state.json`: valid JSON, a numeric step and, when sealed, its own
 * checksum. Throws CheckpointDamaged naming the file otherwise.
 */
export function readState(dir: string): { step: number } & Record<string, unknown> {
  const file = path.join(dir, STATE_JSON);
  if (!fs.existsSync(file)) throw damaged(dir, file, "it is missing");
  let state: Record<string, unknown>;
  try {
    state = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw damaged(dir, file, `not valid JSON: ${(e as Error).message}`);
  }
  if (typeof state !== "object" || state === null || typeof state["step"] !== "number")
    throw damaged(dir, file, "it has no step");
  if (typeof state["sha256"] === "string") {
    const { sha256: saved, ...rest } = state;
    if (sha256(JSON.stringify(rest, null, 2)) !== saved)
      throw damaged(dir, file, "its content does not match its checksum");
  }
  return state as { step: number } & Record<string, unknown>;
}

/**
 * Verifies every file state.json lists against its sha256 (a missing, truncated or altered file
 * is damage). Returns the checked state. Throws CheckpointDamaged naming the first bad file.
 */
export function verifyCheckpoint(dir: string): { step: number } & Record<string, unknown> {
  const state = readState(dir);
  const files = state["files"];
  if (files === undefined) return state; // written before checksums existed
  if (typeof files !== "object" || files === null)
    throw damaged(dir, path.join(dir, STATE_JSON), "its file list is not an object");
  for (const [rel, want] of Object.entries(files as Record<string, unknown>)) {
    const file = path.join(dir, ...rel.split("/"));
    if (!fs.existsSync(file)) throw damaged(dir, file, "it is missing");
    const bytes = fs.readFileSync(file);
    if (sha256(bytes) !== want)
      throw damaged(dir, file, `its checksum does not match (${bytes.length} bytes)`);
  }
  return state;
}

/**
 * Runs `read`, which reads `file` of checkpoint `dir`; any error that is not already a user error
 * becomes a CheckpointDamaged naming the file.
 */
export function reading<T>(dir: string, file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (isUserError(e)) throw e;
    throw damaged(dir, file, (e as Error).message);
  }
}

/** `reading` for an asynchronous read. */
export async function readingAsync<T>(
  dir: string,
  file: string,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (isUserError(e)) throw e;
    throw damaged(dir, file, (e as Error).message);
  }
}
