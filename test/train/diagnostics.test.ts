/**
 * Term diagnostics (`PenaltyDef.diagnostics`, issue #21) are logged in metrics.jsonl as
 * `<term id>/<name>` at the log steps: capacity's target C(t) = min(C_max, C_max·t/T) nats, with
 * t the 0-based step of the logged update (metrics.jsonl step s → t = s − 1), the same C the
 * term's value |KL − C(t)| of that line used.
 */
import * as tf from "@tensorflow/tfjs";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnosedTerms, diagnosticsRecord } from "../../runtime/train/diagnostics.js";
import { capacityAt } from "../../stdlib/penalties/capacity.js";
import type { TermContext } from "../../stdlib/types.js";
import { disc, tinySpec } from "../cli/run-disc.js";

const ir = (name: string): unknown =>
  JSON.parse(
    readFileSync(
      new URL(`../golden/good/examples/${name}/expected.ir.json`, import.meta.url),
      "utf8",
    ),
  );

describe("diagnosedTerms / diagnosticsRecord", () => {
  it("AnnealedVAE's capacity term reports C(t) in nats; recon has no diagnostics", () => {
    const terms = diagnosedTerms({ spec: ir("annealed-vae") });
    expect(terms.map((t) => [t.id, t.def.name])).toEqual([["capacity_z", "capacity"]]);
    const ctx = { step: 40_000, latents: {}, extra: {} } as unknown as TermContext;
    const before = tf.memory().numTensors;
    expect(diagnosticsRecord(terms, ctx)).toEqual({
      "capacity_z/capacity_target": Math.fround(capacityAt(40_000, 25, 100_000)),
    });
    expect(tf.memory().numTensors).toBe(before);
  });
  it("nothing without a context, terms or config", () => {
    expect(diagnosedTerms(undefined)).toEqual([]);
    expect(diagnosedTerms({ spec: ir("beta-vae") })).toEqual([]);
    const terms = diagnosedTerms({ spec: ir("annealed-vae") });
    expect(diagnosticsRecord(terms, undefined)).toBeUndefined();
  });
});

describe("disc train logs term diagnostics", () => {
  it("a capacity spec's metrics.jsonl holds capacity_z/capacity_target = C(step − 1) at each log step", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-diagnostics-"));
    const file = join(dir, "tiny.dis");
    const out = join(dir, "run");
    writeFileSync(
      file,
      tinySpec({
        loss: "recon(x) + 10 * capacity(z, max: 1.5, over: 3)",
        steps: 5,
        train: "\n    log_every: 2",
      }),
    );
    const r = disc("train", file, "--out", out, "--no-eval", "--quiet");
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(join(out, "metrics.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { step: number } & Record<string, number>);
    expect(lines.map((l) => l.step)).toEqual([2, 4, 5]);
    for (const l of lines) {
      expect(l["capacity_z/capacity_target"], `step ${l.step}`).toBe(
        capacityAt(l.step - 1, 1.5, 3),
      );
      expect(l.capacity_z).toBeGreaterThanOrEqual(0);
    }
    expect(lines.map((l) => l["capacity_z/capacity_target"])).toEqual([0.5, 1.5, 1.5]);
  }, 120_000);
});
