/**
 * An interrupted `disc train` (SIGINT from Ctrl-C, SIGTERM from SLURM's cancel or time-out)
 * checkpoints, says how to resume, skips evaluation, releases the lock and exits 130 / 143 at
 * once; `--resume` then finishes the run with the same weights as an uninterrupted one.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { disc, startDisc, tinySpec, waitFor } from "./run-disc.js";

const SPEC = tinySpec({
  steps: 150,
  train: "\n    log_every: 1",
  after: "  evaluate {\n    metrics: [gaussian_tc(samples: 100)]\n  }\n",
});
const STEPS = 150;

const lastStep = (dir: string) => {
  const file = join(dir, "metrics.jsonl");
  if (!existsSync(file)) return 0;
  const lines = readFileSync(file, "utf8").trim().split("\n").filter(Boolean);
  return lines.length === 0 ? 0 : (JSON.parse(lines.at(-1)!) as { step: number }).step;
};
const runJson = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as {
    status: string;
    step: number;
    exitCode: number | null;
    signal?: string;
  };
const latest = (dir: string) => readFileSync(join(dir, "checkpoints", "latest"), "utf8").trim();

/** Starts training into `out`, waits until it logged a step past `after`, sends `signal`. */
async function interrupt(args: string[], out: string, after: number, signal: NodeJS.Signals) {
  const run = startDisc("train", ...args);
  await waitFor(() => lastStep(out) > after);
  const t0 = Date.now();
  run.child.kill(signal);
  const end = await run.done;
  return { ...end, seconds: (Date.now() - t0) / 1000, stderr: run.output.stderr };
}

describe("disc train interrupted", () => {
  it("SIGINT exits 130 and SIGTERM 143 with a checkpoint and no evaluation; --resume matches an uninterrupted run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-int-"));
    const file = join(dir, "tiny.dis");
    writeFileSync(file, SPEC);
    const out = join(dir, "run");

    const first = await interrupt([file, "--out", out, "--quiet"], out, 0, "SIGINT");
    expect(first.code, first.stderr).toBe(130);
    expect(first.seconds).toBeLessThan(5);
    const s1 = runJson(out);
    expect(s1).toMatchObject({ status: "interrupted", exitCode: 130, signal: "SIGINT" });
    expect(s1.step).toBeGreaterThan(0);
    expect(s1.step).toBeLessThan(STEPS);
    expect(latest(out)).toBe(`step-${s1.step}`);
    for (const f of ["evaluation.json", "report.html", "samples.png", "run.lock"])
      expect(existsSync(join(out, f)), f).toBe(false);
    expect(first.stderr).toMatch(/Continue with: disc train \S+tiny\.dis --out \S+run --resume/);

    const second = await interrupt(
      [file, "--out", out, "--resume", "--quiet"],
      out,
      s1.step,
      "SIGTERM",
    );
    expect(second.code, second.stderr).toBe(143);
    expect(second.seconds).toBeLessThan(5);
    const s2 = runJson(out);
    expect(s2).toMatchObject({ status: "interrupted", exitCode: 143, signal: "SIGTERM" });
    expect(s2.step).toBeGreaterThan(s1.step);
    expect(existsSync(join(out, "evaluation.json"))).toBe(false);

    const done = disc("train", file, "--out", out, "--resume", "--quiet");
    expect(done.code, done.stderr).toBe(0);
    expect(runJson(out)).toMatchObject({ status: "finished", exitCode: 0, step: STEPS });
    expect(existsSync(join(out, "evaluation.json"))).toBe(true);

    const ref = join(dir, "ref");
    const plain = disc("train", file, "--out", ref, "--quiet", "--no-eval");
    expect(plain.code, plain.stderr).toBe(0);
    for (const f of ["encoder/weights.bin", "decoder/weights.bin", "optimizer.bin"]) {
      const a = readFileSync(join(out, "checkpoints", `step-${STEPS}`, f));
      const b = readFileSync(join(ref, "checkpoints", `step-${STEPS}`, f));
      expect(a.equals(b), f).toBe(true);
    }
  }, 600_000);
});
