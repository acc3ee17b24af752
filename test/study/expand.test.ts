/** Deterministic expansion: run i is always the same configuration and seed. */
import { describe, expect, it } from "vitest";
import {
  configurationCount,
  expandStudy,
  runCount,
  studyRunAt,
} from "../../compiler/study/expand.js";
import type { StudyAxis } from "../../compiler/study/types.js";
import { FILE_START } from "../../compiler/diagnostics/make.js";

const span = { start: FILE_START.start, end: FILE_START.end };
const axis = (name: string, values: (number | string)[]): StudyAxis => ({ name, values, span });

describe("expandStudy", () => {
  const spec = { axes: [axis("beta", [1, 2, 4]), axis("lr", [5e-4, 1e-3])], seeds: [0, 7] };

  it("orders the grid's axes with the last fastest and the seeds innermost", () => {
    const runs = expandStudy(spec);
    expect(runCount(spec)).toBe(12);
    expect(configurationCount(spec)).toBe(6);
    expect(runs.map((r) => [r.config.beta, r.config.lr, r.seed])).toEqual([
      [1, 5e-4, 0],
      [1, 5e-4, 7],
      [1, 1e-3, 0],
      [1, 1e-3, 7],
      [2, 5e-4, 0],
      [2, 5e-4, 7],
      [2, 1e-3, 0],
      [2, 1e-3, 7],
      [4, 5e-4, 0],
      [4, 5e-4, 7],
      [4, 1e-3, 0],
      [4, 1e-3, 7],
    ]);
    runs.forEach((r, i) => {
      expect(r.index).toBe(i);
      expect(r.index).toBe(r.configIndex * 2 + r.seedIndex);
    });
  });

  it("gives every run the same slug and config through studyRunAt", () => {
    const runs = expandStudy(spec);
    for (const r of runs) expect(studyRunAt(spec, r.index)).toEqual(r);
    expect(runs[5]!.slug).toBe("005-beta=2-lr=0.0005-s7");
    expect(new Set(runs.map((r) => r.slug)).size).toBe(runs.length);
  });

  it("handles a study without a grid and identifier values", () => {
    expect(expandStudy({ axes: [], seeds: [0, 1, 2] }).map((r) => r.slug)).toEqual([
      "000-s0",
      "001-s1",
      "002-s2",
    ]);
    const est = expandStudy({ axes: [axis("est", ["mss", "mws"])], seeds: [3] });
    expect(est.map((r) => r.slug)).toEqual(["000-est=mss-s3", "001-est=mws-s3"]);
  });

  it("rejects an index outside the study", () => {
    expect(() => studyRunAt(spec, 12)).toThrow(RangeError);
    expect(() => studyRunAt(spec, -1)).toThrow(RangeError);
    expect(() => studyRunAt(spec, 1.5)).toThrow(RangeError);
  });
});
