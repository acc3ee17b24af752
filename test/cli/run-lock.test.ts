/**
 * The run-directory lock: a second writer (`disc train`, `disc eval`) is refused with one line
 * naming the holder's pid, a stale lock (its holder is gone) is taken over with a note, and the
 * lock is gone after every exit.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CliError } from "../../compiler/cli/errors.js";
import { acquireRunLock, LOCK_FILE } from "../../compiler/cli/run-lock.js";
import { disc, startDisc, tinySpec, waitFor } from "./run-disc.js";

const SPEC = tinySpec({ steps: 100000, train: "\n    log_every: 1" });

/** A pid that was just alive and is not any more. */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;
const fakeLock = (dir: string, pid: number, host = hostname()) =>
  writeFileSync(
    join(dir, LOCK_FILE),
    JSON.stringify({ pid, host, started: "2025-01-01T00:00:00.000Z", command: "disc train x" }),
  );

describe("run-directory lock", () => {
  it("is taken atomically, refuses a live holder, takes over a stale one and releases", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-lock-"));
    const notes: string[] = [];
    const lock = acquireRunLock(dir, "disc train a.dis", (l) => notes.push(l));
    const held = JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")) as Record<string, unknown>;
    expect(held).toMatchObject({ pid: process.pid, host: hostname(), command: "disc train a.dis" });
    expect(Date.parse(held["started"] as string)).not.toBeNaN();
    expect(() => acquireRunLock(dir, "again", () => undefined)).toThrow(CliError);
    lock.release();
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);

    fakeLock(dir, process.ppid);
    expect(() => acquireRunLock(dir, "b", () => undefined)).toThrow(
      new RegExp(`in use by pid ${process.ppid} on `),
    );
    fakeLock(dir, process.ppid, "elsewhere");
    expect(() => acquireRunLock(dir, "b", () => undefined)).toThrow(/on elsewhere.*remove/);

    const dead = deadPid();
    fakeLock(dir, dead);
    const taken = acquireRunLock(dir, "c", (l) => notes.push(l));
    expect(notes).toEqual([
      expect.stringMatching(new RegExp(`left by pid ${dead} .*taking it over`)),
    ]);
    expect(taken.info.pid).toBe(process.pid);
    taken.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it("a second disc train or disc eval on a run in progress is refused; a stale lock is taken over", async () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-lock-cli-"));
    const file = join(dir, "tiny.dis");
    writeFileSync(file, SPEC);
    const out = join(dir, "run");
    const metrics = join(out, "metrics.jsonl");

    const first = startDisc("train", file, "--out", out, "--quiet", "--no-eval");
    await waitFor(() => existsSync(metrics) && readFileSync(metrics, "utf8").length > 0);
    const pid = first.child.pid!;
    for (const second of [
      disc("train", file, "--out", out, "--quiet", "--no-eval"),
      disc("train", file, "--out", out, "--resume", "--quiet", "--no-eval"),
      disc("eval", out, "--quiet"),
    ]) {
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(new RegExp(`run is in use by pid ${pid} on .*disc train`));
      expect(second.stderr.trim().split("\n")).toHaveLength(1);
    }
    first.child.kill("SIGINT");
    expect((await first.done).code).toBe(130);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    const steps = readFileSync(metrics, "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { step: number }).step);
    expect(steps).toEqual(steps.map((_, i) => i + 1)); // one writer: 1, 2, 3, … once each

    const dead = deadPid();
    fakeLock(out, dead);
    const traverse = disc("traverse", out, "--latent", "0", "--points", "3", "--quiet");
    expect(traverse.code, traverse.stderr).toBe(0);
    expect(traverse.stderr).toMatch(
      new RegExp(`left by pid ${dead} .*no longer running; taking it over`),
    );
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
  }, 180_000);
});
