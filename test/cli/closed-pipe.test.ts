/**
 * `disc train … 2>&1 | head`: when the reader of disc's output goes away, the run goes on and
 * finishes (run.json "finished", every step trained, exit 0) instead of dying on EPIPE between
 * checkpoints with a run.json that says "running" and a lock left behind.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startDisc, tinySpec, waitFor } from "./run-disc.js";

describe("disc train with its output piped to a reader that closes", () => {
  it("finishes the run when stdout and stderr are closed after the first lines", async () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-pipe-"));
    const spec = join(dir, "s.dis");
    writeFileSync(spec, tinySpec({ steps: 120, train: "\n    log_every: 1" }));
    const out = join(dir, "run");
    const run = startDisc("train", spec, "--out", out, "--no-eval", "--backend", "cpu");
    await waitFor(() => run.output.stderr.includes("step 2/"));
    run.child.stdout?.destroy();
    run.child.stderr?.destroy();
    const end = await run.done;
    expect(end).toEqual({ code: 0, signal: null });
    const state = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as {
      status: string;
      step: number;
    };
    expect(state).toMatchObject({ status: "finished", step: 120 });
    expect(existsSync(join(out, "run.lock"))).toBe(false);
  }, 120_000);
});
