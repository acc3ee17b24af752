/**
 * The run-directory lock: one writer per run directory at a time (`disc train`, `disc eval`,
 * `disc traverse`, `disc intervene`), so two processes never interleave metrics.jsonl or delete
 * each other's in-progress checkpoint.
 *
 * The lock is the file `DIR/run.lock`, one JSON object:
 *   { "pid": 4242, "host": "node17", "started": "2025-01-01T12:00:00.000Z", "command": "disc train …" }
 * It is created atomically: written whole to `run.lock.<pid>.tmp`, then hard-linked to `run.lock`
 * (link fails when the name exists, so exactly one process wins and a reader never sees half a
 * lock; where the file system has no hard links, `open(O_CREAT | O_EXCL)` is used instead). A lock
 * whose holder is on this host and no longer alive is stale: it is taken over with a note. Taking
 * over is serialised by `run.lock.takeover` (same scheme), so two newcomers never both win.
 */
import {
  closeSync,
  existsSync,
  linkSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { CliError } from "./errors.js";
import { processAlive } from "../../runtime/study/state.js";

/** The lock file's name inside a run directory. */
export const LOCK_FILE = "run.lock";

/** What `run.lock` holds. */
export interface LockInfo {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly started: string;
  /** The command line of the holder. */
  readonly command: string;
}

/** A held lock. `release()` is idempotent and removes the file only while it is still ours. */
export interface RunLock {
  readonly path: string;
  readonly info: LockInfo;
  release(): void;
}

/** Creates `file` holding `data` only if it does not exist; false when it does. */
function createExclusive(file: string, data: string): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, "w");
    writeSync(fd, data);
    closeSync(fd);
    try {
      linkSync(tmp, file);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
      if (
        !["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"].includes(
          String((e as Error & { code?: string }).code),
        )
      )
        throw e;
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  let fd: number;
  try {
    fd = openSync(file, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  writeSync(fd, data);
  closeSync(fd);
  return true;
}

/** Reads a lock file: its info, undefined when it is gone, "unreadable" when it is not a lock. */
function readLock(file: string): LockInfo | undefined | "unreadable" {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const j = JSON.parse(text) as Partial<LockInfo>;
    if (typeof j.pid === "number" && typeof j.host === "string") return j as LockInfo;
  } catch {
    // fall through
  }
  return "unreadable";
}

const sameLock = (a: LockInfo, b: LockInfo) =>
  a.pid === b.pid && a.host === b.host && a.started === b.started;

/** Removes the stale lock `seen` unless somebody else is taking it over or already replaced it. */
function takeOver(file: string, seen: LockInfo): void {
  const mutex = `${file}.takeover`;
  const me = JSON.stringify({
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
  });
  if (!createExclusive(mutex, me)) {
    const other = readLock(mutex);
    // a takeover whose process died half-way: clear it; the next round of acquire retries
    if (
      other !== "unreadable" &&
      other !== undefined &&
      other.host === hostname() &&
      !processAlive(other.pid)
    )
      rmSync(mutex, { force: true });
    return;
  }
  try {
    const now = readLock(file);
    if (now !== undefined && now !== "unreadable" && sameLock(now, seen))
      rmSync(file, { force: true });
  } finally {
    rmSync(mutex, { force: true });
  }
}

/**
 * Takes `dir`'s lock for `command`. Throws CliError (one line, naming the holder's pid) when a
 * live process holds it; takes over a stale one, writing a note through `note`.
 */
export function acquireRunLock(
  dir: string,
  command: string,
  note: (line: string) => void,
): RunLock {
  const path = join(dir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    command,
  };
  const data = `${JSON.stringify(info)}\n`;
  let noted = false;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (attempt > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    if (createExclusive(path, data)) return heldLock(path, info);
    const holder = readLock(path);
    if (holder === undefined) continue; // released meanwhile
    if (holder === "unreadable")
      throw new CliError(
        `${dir} is locked by ${path}, which is not a disc lock; remove it if no disc process uses ${dir}`,
      );
    if (holder.pid === process.pid && holder.host === info.host)
      throw new CliError(`${dir} is already locked by this process`);
    if (holder.host !== info.host || processAlive(holder.pid)) {
      throw new CliError(
        `${dir} is in use by pid ${holder.pid} on ${holder.host} (since ${holder.started}: ${holder.command}); wait for it to finish, or stop it${holder.host !== info.host ? ` (if it is gone, remove ${path})` : ""}`,
      );
    }
    if (!noted)
      note(
        `note: ${path} was left by pid ${holder.pid} (${holder.command}), which is no longer running; taking it over`,
      );
    noted = true;
    takeOver(path, holder);
  }
  throw new CliError(`${dir}: could not take the lock ${path}; another process keeps taking it`);
}

function heldLock(path: string, info: LockInfo): RunLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off("exit", release);
    const now = readLock(path);
    if (now !== undefined && now !== "unreadable" && sameLock(now, info))
      rmSync(path, { force: true });
  };
  // the last resort for exit paths that skip the command's own release (process.exit elsewhere)
  process.on("exit", release);
  return { path, info, release };
}

/**
 * Runs `fn` holding the lock of the run directory `dir` (for commands that write into a finished
 * run: `disc eval`, `disc traverse`, `disc intervene`). A directory that does not exist is not
 * locked (`fn` reports it). SIGINT / SIGTERM release the lock and exit with 130 / 143.
 */
export async function withRunLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return fn();
  const lock = acquireRunLock(dir, commandLine(), (l) => void process.stderr.write(`${l}\n`));
  const onSignal = (sig: NodeJS.Signals) => {
    lock.release();
    process.exit(sig === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await fn();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    lock.release();
  }
}

/** This process's disc command line, shell-quoted where needed (what a lock records). */
export function commandLine(argv: readonly string[] = process.argv.slice(2)): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ["disc", ...argv].map(quote).join(" ");
}
