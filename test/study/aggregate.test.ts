/**
 * Aggregation of a study directory against a hand computation: state files, evaluation.json
 * and metrics.jsonl written by the test, study.json values checked number by number.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { aggregateStudy } from "../../runtime/study/aggregate.js";
import { writeStudyReport } from "../../runtime/study/report.js";
import { writeRunState } from "../../runtime/study/state.js";
import { summaryTable } from "../../compiler/cli/study-output.js";
import { expandStudy } from "../../compiler/study/expand.js";
import { FILE_START } from "../../compiler/diagnostics/make.js";

const span = { start: FILE_START.start, end: FILE_START.end };

function fakeRun(
  dir: string,
  run: ReturnType<typeof expandStudy>[number],
  status: "finished" | "failed" | "running",
  mig: number,
  dci: number,
  recon: number,
): void {
  const runDir = join(dir, "runs", run.slug);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(
    join(runDir, "evaluation.json"),
    JSON.stringify({ mig: { value: mig }, dci: { value: dci } }),
  );
  writeFileSync(
    join(runDir, "metrics.jsonl"),
    [
      { step: 10, time: 1, recon_x: recon + 5, kl_z: 2 },
      { step: 20, time: 2, recon_x: recon, kl_z: 1 },
      { step: 20, time: 2.5, "eval/mig": mig },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n") + "\n",
  );
  writeFileSync(join(runDir, "report.html"), "<html></html>");
  writeRunState(dir, {
    index: run.index,
    slug: run.slug,
    config: run.config,
    seed: run.seed,
    fingerprint: "f",
    configuration: {},
    status,
    attempts: status === "failed" ? 2 : 0,
    exitCode: status === "finished" ? 0 : status === "failed" ? 1 : null,
    seconds: 12.5,
    host: "elsewhere",
    pid: 1,
    startedAt: "2026-01-01T00:00:00Z",
    endedAt: null,
  });
}

describe("aggregateStudy", () => {
  it("summarises each configuration over its finished seeds and correlates metrics", async () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-agg-"));
    const axes = [{ name: "beta", values: [1, 4], span }];
    const seeds = [0, 1, 2];
    const runs = expandStudy({ axes, seeds });
    // beta=1: MIG 0.1, 0.3, 0.2; beta=4: MIG 0.4, 0.5 and a failed seed (ignored); run 5 missing
    fakeRun(dir, runs[0]!, "finished", 0.1, 0.3, 100);
    fakeRun(dir, runs[1]!, "finished", 0.3, 0.5, 110);
    fakeRun(dir, runs[2]!, "finished", 0.2, 0.2, 120);
    fakeRun(dir, runs[3]!, "finished", 0.4, 0.6, 130);
    fakeRun(dir, runs[4]!, "failed", 0.9, 0.9, 140);
    const r = aggregateStudy(dir, {
      spec: "s.dis",
      model: "m",
      axes,
      seeds,
      runs,
      steps: 20,
    });
    expect(r.counts).toEqual({ finished: 4, failed: 1, missing: 1, running: 0, interrupted: 0 });
    expect(r.metricNames).toEqual(["mig", "dci"]);
    const [b1, b4] = r.configurations;
    expect(b1!.label).toBe("beta=1");
    expect(b1!.seedsFinished).toBe(3);
    expect(b1!.metrics.mig!.median).toBeCloseTo(0.2, 12);
    expect(b1!.metrics.mig!.q1).toBeCloseTo(0.15, 12);
    expect(b1!.metrics.mig!.q3).toBeCloseTo(0.25, 12);
    expect(b1!.metrics.mig!.mean).toBeCloseTo(0.2, 12);
    // std 0.1, t(0.975, 2) = 4.302652729749464: half-width 0.1·4.3027/√3 = 0.248414…
    expect((b1!.metrics.mig!.ci95![1] - b1!.metrics.mig!.ci95![0]) / 2).toBeCloseTo(
      (0.1 * 4.302652729749464) / Math.sqrt(3),
      7,
    );
    expect(b1!.losses.recon_x!.median).toBe(110);
    expect(b1!.losses.kl_z!.median).toBe(1);
    expect(b4!.seedsFinished).toBe(1);
    expect(b4!.metrics.mig!.median).toBe(0.4);
    expect(b4!.metrics.mig!.ci95).toBeNull();
    // Spearman over the 4 finished runs: mig ranks [1, 3, 2, 4], dci ranks [2, 3, 1, 4]:
    // d² = 1 + 0 + 1 + 0 = 2, ρ = 1 − 6·2/(4·15) = 0.8
    expect(r.spearman.rho[0]![1]).toBeCloseTo(0.8, 12);
    expect(r.spearman.rho[0]![0]).toBeCloseTo(1, 12);
    expect(r.spearman.n[0]![1]).toBe(4);
    expect(r.runs[4]!.status).toBe("failed");
    expect(r.runs[4]!.metrics).toEqual({});
    expect(r.runs[5]!.status).toBe("missing");
    expect(r.runs[0]!.report).toBe(join("runs", runs[0]!.slug, "report.html"));

    expect(summaryTable(r).split("\n")).toEqual([
      "| beta | seeds | mig median [min, max] | dci median [min, max] | recon_x median | kl_z median |",
      "| --- | --- | --- | --- | --- | --- |",
      "| 1 | 3/3 | 0.200 [0.100, 0.300] | 0.300 [0.200, 0.500] | 110 | 1 |",
      "| 4 | 1/3 | 0.400 [0.400, 0.400] | 0.600 [0.600, 0.600] | 130 | 1 |",
    ]);

    const html = readFileSync(await writeStudyReport(dir, r), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain(`href="runs/${runs[0]!.slug}/report.html"`);
    expect(html).toContain("Spearman");
  });
});
