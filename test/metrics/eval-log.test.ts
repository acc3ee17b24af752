/**
 * eval.json accumulates `disc eval` results (issue 20, item 3): entries are unique by metric,
 * variant, sample counts, seed, representation and step; the first format is read as the second.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  formatMetricNumber,
  mergeEvalResults,
  readEvalLog,
} from "../../runtime/metrics/eval-log.js";
import type { MetricResult } from "../../runtime/metrics/types.js";

const result = (value: number, train: number, variant = "dlib-histogram-20bins"): MetricResult => ({
  value,
  variant,
  samples: { train },
  seed: 0,
  representation: "mean",
});
const at = (step: number) => ({
  model: "m",
  step,
  checkpoint: `checkpoints/step-${step}`,
  evaluated: "2026-01-01T00:00:00.000Z",
});

describe("eval.json", () => {
  it("keeps results per metric, variant, samples and step; replaces only the same key", () => {
    let log = mergeEvalResults(null, at(4), { mig: result(0.1, 200), sap: result(0.2, 200) });
    log = mergeEvalResults(log, at(4), { factor_vae_score: result(0.5, 200, "majority-vote") });
    log = mergeEvalResults(log, at(4), { mig: result(0.3, 100) });
    log = mergeEvalResults(log, at(4), { mig: result(0.2, 200, "continuous") });
    log = mergeEvalResults(log, at(8), { mig: result(0.4, 200) });
    log = mergeEvalResults(log, at(4), { mig: result(0.15, 200) });
    expect(log.results.map((e) => [e.metric, e.variant, e.samples.train, e.step, e.value])).toEqual(
      [
        ["mig", "dlib-histogram-20bins", 200, 4, 0.15],
        ["sap", "dlib-histogram-20bins", 200, 4, 0.2],
        ["factor_vae_score", "majority-vote", 200, 4, 0.5],
        ["mig", "dlib-histogram-20bins", 100, 4, 0.3],
        ["mig", "continuous", 200, 4, 0.2],
        ["mig", "dlib-histogram-20bins", 200, 8, 0.4],
      ],
    );
  });

  it("reads the first format ({ model, step, checkpoint, metrics }) as entries", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-evallog-"));
    const file = join(dir, "eval.json");
    writeFileSync(
      file,
      JSON.stringify({ model: "m", step: 4, checkpoint: "c", metrics: { mig: result(0.1, 200) } }),
    );
    const log = readEvalLog(file);
    expect(log).toEqual({
      format: 2,
      model: "m",
      results: [{ metric: "mig", step: 4, checkpoint: "c", ...result(0.1, 200) }],
    });
    expect(readEvalLog(join(dir, "none.json"))).toBeNull();
    writeFileSync(file, "[1, 2]");
    expect(() => readEvalLog(file)).toThrow(/not an eval.json/);
  });

  it("prints integers as integers and other numbers with four decimals", () => {
    expect(formatMetricNumber(4)).toBe("4");
    expect(formatMetricNumber(0)).toBe("0");
    expect(formatMetricNumber(0.18204)).toBe("0.1820");
  });
});
