/**
 * The study directory's lock (`DIR/study.lock`): one local `disc study` executor at a time. The
 * file is created with O_EXCL and holds the holder's pid, host and start time; a lock whose
 * process is gone (same host) is stale and taken over. SLURM tasks (`--index`) do not take it:
 * each locks only its own run directory.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { processAlive } from "../../runtime/study/state.js";

export class StudyLockedError extends Error {}

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

/**
 * Takes `studyDir`'s lock; returns its release function and, when a stale lock was taken over,
 * a note saying so.
 * @throws StudyLockedError when a live process holds it (the message names its pid).
 */
export function lockStudy(studyDir: string): { release: () => void; note?: string } {
  const path = join(studyDir, "study.lock");
  const info: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  let note: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify(info) + "\n");
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
      return note !== undefined ? { release, note } : { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    let holder: LockInfo | undefined;
    try {
      holder = JSON.parse(readFileSync(path, "utf8")) as LockInfo;
    } catch {
      holder = undefined;
    }
    if (holder && (holder.host !== hostname() || processAlive(holder.pid))) {
      throw new StudyLockedError(
        `${studyDir}: another disc study (pid ${holder.pid} on ${holder.host}, since ${holder.started}) is running this study`,
      );
    }
    note = `took over a stale study lock${holder ? ` of pid ${holder.pid}` : ""}`;
    rmSync(path, { force: true });
  }
  throw new StudyLockedError(`${studyDir}: could not take the study lock`);
}
