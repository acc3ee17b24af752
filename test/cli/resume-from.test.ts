/**
 * A run that diverged (SGD at lr 0.1: the loss is NaN at step 7) stops with a one-line user error
 * naming the step as metrics.jsonl does and the commands that continue it; `latest` is the last
 * checkpoint with finite weights. `--resume` unchanged fails the same way at once; with a lower
 * learning rate (a change a resume allows, with a note) and `--resume-from 2` it trains to the end,
 * the later checkpoints moved into checkpoints/abandoned/.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { disc, tinySpec } from "./run-disc.js";

const spec = (lr: string) =>
  tinySpec({
    optimizer: `sgd(lr: ${lr})`,
    steps: 10,
    train: "\n    log_every: 1\n    checkpoint_every: 2",
  });

const steps = (dir: string) =>
  readFileSync(join(dir, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { step: number }).step);
const latest = (dir: string) => readFileSync(join(dir, "checkpoints", "latest"), "utf8").trim();

function expectOneLine(r: ReturnType<typeof disc>, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  const lines = r.stderr.split("\n").filter((l) => l.startsWith("disc: "));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe("disc train after a NaN", () => {
  it("keeps the last finite checkpoint, resumes with a lower lr and from an earlier step", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-nan-"));
    const file = join(dir, "tiny.dis");
    const out = join(dir, "run");
    writeFileSync(file, spec("0.1"));

    const first = disc("train", file, "--out", out, "--no-eval", "--quiet");
    expectOneLine(
      first,
      /step 7: the loss is NaN .*checkpoints\/latest stays on step-6.*--resume-from STEP.*steps 6, 4, 2/,
    );
    expect(first.stderr).toMatch(/warning: step \d: the loss is .*over 10000×/);
    expect(steps(out).at(-1)).toBe(6);
    expect(latest(out)).toBe("step-6");
    const marker = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(marker).toMatchObject({ status: "failed", step: 6, exitCode: 1 });

    expectOneLine(
      disc("train", file, "--out", out, "--resume", "--no-eval"),
      /step 7: the loss is NaN/,
    );

    expectOneLine(
      disc("train", file, "--out", out, "--resume-from", "5", "--no-eval"),
      /--resume-from 5: .* has no checkpoint of step 5 \(it has steps 6, 4, 2\)/,
    );

    writeFileSync(file, spec("0.01"));
    const again = disc("train", file, "--out", out, "--resume-from", "2", "--no-eval", "--quiet");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/moved the later checkpoints \(6, 4\) into .*abandoned/);
    expect(again.stderr).toMatch(/main optimizer's lr 0\.1 → 0\.01 \(nothing else changed\)/);
    expect(steps(out)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(latest(out)).toBe("step-10");
    const [aside] = readdirSync(join(out, "checkpoints", "abandoned"));
    expect(readdirSync(join(out, "checkpoints", "abandoned", aside!)).sort()).toEqual([
      "step-4",
      "step-6",
    ]);
    const kept = readdirSync(join(out, "checkpoints")).filter((e) => e.startsWith("step-"));
    expect(kept.sort()).toEqual(["step-10", "step-6", "step-8"]); // the new trajectory's
  }, 240_000);
});
