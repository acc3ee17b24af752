/**
 * The run directory of `disc train`: run.json marks it (and says where the run stands), a
 * directory of the user's is never written into without --force, and --resume knows a run by
 * its spec's content rather than the path as typed, never silently restarts it from step 0 and
 * never creates a directory.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { disc, discIn, tinySpec } from "./run-disc.js";

const spec = (extra = "", data = "") =>
  tinySpec({ data: `dsprites(batch: 8, size: 32${data})`, train: extra });
const runJson = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as Record<string, unknown>;
const maxStep = (dir: string) =>
  Math.max(
    ...readFileSync(join(dir, "metrics.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { step: number }).step),
  );
const oneLine = (r: { code: number | null; stderr: string }, pattern: RegExp) => {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
};

describe("disc train run directories", () => {
  it("refuses a non-empty directory that is not a disc run unless --force, and marks its runs with run.json", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-rundir-"));
    const file = join(dir, "tiny.dis");
    writeFileSync(file, spec());
    const mine = join(dir, "mine");
    mkdirSync(mine);
    writeFileSync(join(mine, "config.json"), "my own config\n");
    writeFileSync(join(mine, "notes.txt"), "notes\n");

    oneLine(
      disc("train", file, "--out", mine, "--quiet", "--no-eval"),
      /mine is not empty and is not a disc run directory \(it holds config\.json, notes\.txt\).*--force/,
    );
    expect(readdirSync(mine).sort()).toEqual(["config.json", "notes.txt"]);
    expect(readFileSync(join(mine, "config.json"), "utf8")).toBe("my own config\n");

    const forced = disc("train", file, "--out", mine, "--quiet", "--no-eval", "--force");
    expect(forced.code, forced.stderr).toBe(0);
    expect(existsSync(join(mine, "notes.txt"))).toBe(true);

    const m = runJson(mine);
    expect(m).toMatchObject({
      format: 1,
      model: "tiny",
      params: {},
      seed: 0,
      steps: 2,
      status: "finished",
      step: 2,
      exitCode: 0,
      pid: expect.any(Number),
    });
    expect((m["spec"] as { sha256: string }).sha256).toBe(
      createHash("sha256").update(readFileSync(file)).digest("hex"),
    );
    expect(Date.parse(m["updated"] as string)).toBeGreaterThanOrEqual(
      Date.parse(m["created"] as string),
    );
    expect(existsSync(join(mine, "run.lock"))).toBe(false);
  }, 120_000);

  it("resumes the same spec typed differently or from another directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-ident-"));
    mkdirSync(join(dir, "specs"));
    writeFileSync(join(dir, "specs", "base.dis"), spec());
    const out = join(dir, "run");
    const first = discIn(dir, "train", "specs/base.dis", "--out", out, "--quiet", "--no-eval");
    expect(first.code, first.stderr).toBe(0);

    const dotted = discIn(
      dir,
      "train",
      "./specs/base.dis",
      "--out",
      out,
      "--resume",
      "--steps",
      "4",
    );
    expect(dotted.code, dotted.stderr).toBe(0);
    expect(maxStep(out)).toBe(4);
    const inside = discIn(
      join(dir, "specs"),
      "train",
      "base.dis",
      "--out",
      out,
      "--resume",
      "--steps",
      "4",
    );
    expect(inside.code, inside.stderr).toBe(0);
    expect(inside.stderr).not.toMatch(/changed/);

    // (a learning rate may change on a resume; a loss weight may not)
    writeFileSync(join(dir, "specs", "base.dis"), spec().replace("+ kl(z)", "+ 2 * kl(z)"));
    oneLine(
      discIn(dir, "train", "./specs/base.dis", "--out", out, "--resume", "--steps", "4"),
      /the spec changed since this run started/,
    );
  }, 120_000);

  it("--resume never creates a directory and never silently restarts from step 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-resume-"));
    const file = join(dir, "tiny.dis");
    writeFileSync(file, spec("\n    checkpoint_every: 2"));
    oneLine(
      disc("train", file, "--out", join(dir, "nothing"), "--resume"),
      /nothing: no such run directory/,
    );
    expect(existsSync(join(dir, "nothing"))).toBe(false);

    const out = join(dir, "run");
    expect(disc("train", file, "--out", out, "--steps", "4", "--quiet", "--no-eval").code).toBe(0);
    rmSync(join(out, "checkpoints", "latest"));
    const again = disc("train", file, "--out", out, "--resume", "--steps", "6", "--no-eval");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/latest was missing; resuming from step-4/);
    expect(again.stderr).toMatch(/resumed tiny .* \(step 4\)/);
    expect(maxStep(out)).toBe(6);

    rmSync(join(out, "checkpoints"), { recursive: true });
    oneLine(
      disc("train", file, "--out", out, "--resume", "--steps", "8", "--quiet"),
      /no complete checkpoint .* reached step 6; it cannot be resumed/,
    );
  }, 120_000);

  it("a start that fails is marked failed and --resume later starts it from step 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-failed-"));
    const file = join(dir, "tiny.dis");
    writeFileSync(file, spec("", `, path: "${join(dir, "missing.npz")}"`));
    const out = join(dir, "run");
    oneLine(disc("train", file, "--out", out, "--quiet"), /cannot open .npz archive/);
    expect(runJson(out)).toMatchObject({ status: "failed", exitCode: 1, step: 0 });
    expect(runJson(out)["error"]).toMatch(/missing\.npz/);
    expect(existsSync(join(out, "run.lock"))).toBe(false);

    writeFileSync(file, spec());
    const fixed = disc("train", file, "--out", out, "--resume", "--quiet", "--no-eval");
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stderr).toMatch(/no checkpoint yet .*starting from step 0/);
    expect(runJson(out)).toMatchObject({ status: "finished", exitCode: 0, step: 2 });
  }, 120_000);
});
