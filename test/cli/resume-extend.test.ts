/**
 * `disc train --resume` with a larger `--steps`: the run is extended when nothing but the step
 * count changed, and refused (one-line error) when anything in the spec changed that is not safe
 * to change on a resume (here a loss weight; learning rates may change: resume-from.test.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { disc, tinySpec } from "./run-disc.js";

const spec = (beta: string) => tinySpec({ loss: `recon(x) + ${beta} * kl(z)` });

const steps = (dir: string) =>
  readFileSync(join(dir, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { step: number }).step);

describe("disc train --resume --steps N", () => {
  it("extends a finished run when only the step count changed, and refuses other changes", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-extend-"));
    const file = join(dir, "tiny.dis");
    const out = join(dir, "run");
    writeFileSync(file, spec("1"));
    const first = disc("train", file, "--out", out, "--no-eval", "--quiet");
    expect(first.code, first.stderr).toBe(0);
    expect(Math.max(...steps(out))).toBe(2);

    const more = disc("train", file, "--out", out, "--resume", "--steps", "4", "--no-eval");
    expect(more.code, more.stderr).toBe(0);
    expect(more.stderr).toMatch(/extending .* from 2 to 4 steps \(nothing else changed\)/);
    expect(Math.max(...steps(out))).toBe(4);

    writeFileSync(file, spec("2"));
    const changed = disc("train", file, "--out", out, "--resume", "--steps", "6", "--quiet");
    expect(changed.code).toBe(1);
    expect(changed.stderr.trim()).toMatch(/the spec changed since this run started/);
    expect(changed.stderr.trim().split("\n")).toHaveLength(1);
  }, 120_000);
});
