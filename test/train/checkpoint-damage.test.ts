/**
 * A damaged checkpoint is a user error that names the file, says the checkpoint is damaged and
 * points at `--resume-from` an earlier step: truncated weights, altered but finite weights (found
 * by the sha256 state.json keeps of every file), an edited state.json, a missing file, and a
 * truncated file of a checkpoint written before checksums existed. A pointer left half-written by
 * a kill (`latest.tmp-PID`) is removed by the next start.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeError } from "../../compiler/cli/errors.js";
import { isUserError } from "../../runtime/errors.js";
import { runTraining } from "../../runtime/train/index.js";
import { disposeSpec, vaeSpec } from "./helpers.js";

let tmp: string;
beforeAll(async () => {
  await tf.setBackend("cpu");
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "disc-damage-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A run of 4 steps with checkpoints step-2 and step-4; returns its folder. */
async function trained(name: string): Promise<string> {
  const dir = path.join(tmp, name);
  const spec = vaeSpec({ steps: 4, checkpointEvery: 2 });
  await runTraining(spec, { outDir: dir, quiet: true });
  disposeSpec(spec);
  return dir;
}

/** Resuming `dir` to 6 steps: the error it fails with (undefined when it trains). */
async function resumeError(dir: string): Promise<Error | undefined> {
  const spec = vaeSpec({ steps: 6, checkpointEvery: 2 });
  try {
    await runTraining(spec, { outDir: dir, quiet: true, resume: true });
    return undefined;
  } catch (e) {
    return e as Error;
  } finally {
    disposeSpec(spec);
  }
}

function expectDamaged(err: Error | undefined, file: string, problem: RegExp): void {
  expect(err).toBeDefined();
  expect(isUserError(err), String(err)).toBe(true);
  expect(err!.message).toContain(`checkpoint file ${file} is damaged`);
  expect(err!.message).toMatch(problem);
  expect(err!.message).toMatch(
    /resume from an earlier checkpoint with --resume-from STEP \(available: 2\)/,
  );
  const { line, internal } = describeError(err);
  expect(internal).toBe(false);
  expect(line).not.toMatch(/internal error|bug in disc/);
}

describe("damaged checkpoints", () => {
  it("truncated weights name the file", async () => {
    const dir = await trained("truncated");
    const file = path.join(dir, "checkpoints", "step-4", "encoder", "weights.bin");
    fs.truncateSync(file, fs.statSync(file).size - 3);
    expectDamaged(await resumeError(dir), file, /checksum does not match/);
  });

  it("altered but finite weights are found by their checksum", async () => {
    const dir = await trained("altered");
    const file = path.join(dir, "checkpoints", "step-4", "decoder", "weights.bin");
    const bytes = fs.readFileSync(file);
    bytes.writeFloatLE(0.5, 0);
    fs.writeFileSync(file, bytes);
    expectDamaged(await resumeError(dir), file, /checksum does not match/);
  });

  it("an edited state.json and a missing optimizer file", async () => {
    const dir = await trained("state");
    const state = path.join(dir, "checkpoints", "step-4", "state.json");
    fs.writeFileSync(state, fs.readFileSync(state, "utf8").replace(/"epoch": \d+/, '"epoch": 7'));
    expectDamaged(await resumeError(dir), state, /does not match its checksum/);
    const dir2 = await trained("missing");
    const opt = path.join(dir2, "checkpoints", "step-4", "optimizer.bin");
    fs.rmSync(opt);
    expectDamaged(await resumeError(dir2), opt, /it is missing/);
  });

  it("a checkpoint without checksums still names the truncated file", async () => {
    const dir = await trained("old");
    const ckpt = path.join(dir, "checkpoints", "step-4");
    const s = JSON.parse(fs.readFileSync(path.join(ckpt, "state.json"), "utf8")) as Record<
      string,
      unknown
    >;
    delete s["files"];
    delete s["sha256"];
    fs.writeFileSync(path.join(ckpt, "state.json"), JSON.stringify(s));
    const file = path.join(ckpt, "encoder", "weights.bin");
    fs.truncateSync(file, fs.statSync(file).size - 3);
    expectDamaged(await resumeError(dir), file, /bytes where \d+ are described/);
  });

  it("removes a latest.tmp-PID pointer a killed write left", async () => {
    const dir = await trained("pointer");
    const left = path.join(dir, "checkpoints", "latest.tmp-99999");
    fs.writeFileSync(left, "step-4\n");
    expect(await resumeError(dir)).toBeUndefined();
    expect(fs.existsSync(left)).toBe(false);
  });
});
