import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { negativeEstimateNotes, NegativeEstimateWatch } from "../../runtime/train/estimates.js";

const ir = (name: string): unknown =>
  JSON.parse(
    readFileSync(
      new URL(`../golden/good/examples/${name}/expected.ir.json`, import.meta.url),
      "utf8",
    ),
  );

describe("KL estimates below 0", () => {
  it("the quickstart's three MSS terms get a note naming the estimator, B and N; recon none", () => {
    const notes = negativeEstimateNotes({ spec: ir("quickstart") }, 64, 737280);
    expect([...notes.keys()].sort()).toEqual([
      "dimwise_kl_z",
      "mutual_info_z",
      "total_correlation_z",
    ]);
    const tc = notes.get("total_correlation_z")!;
    expect(tc).toContain("mss estimator");
    expect(tc).toContain("B = 64");
    expect(tc).toContain("N = 737280");
    expect(tc).toContain("larger batch");
  });

  it("FactorVAE's discriminator TC gets the density-ratio note", () => {
    const notes = negativeEstimateNotes({ spec: ir("factor-vae") }, 64, 737280);
    expect(notes.get("total_correlation_z")).toContain("density ratio");
  });

  it("warns once per term, only below −0.1 nats, with the step and value", () => {
    const lines: string[] = [];
    const w = new NegativeEstimateWatch(
      negativeEstimateNotes({ spec: ir("quickstart") }, 64, 737280),
      (l) => lines.push(l),
    );
    w.check(50, { total_correlation_z: -0.05, mutual_info_z: 3 });
    expect(lines).toEqual([]);
    w.check(100, { total_correlation_z: -3.6, mutual_info_z: 3 });
    w.check(150, { total_correlation_z: -4.1, dimwise_kl_z: -0.5 });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^warning: step 100: total_correlation_z = -3\.6\d* nats is below 0: the mss estimator/,
    );
    expect(lines[1]).toMatch(/^warning: step 150: dimwise_kl_z = -0\.5\d* nats is below 0/);
  });

  it("a config without terms (or none at all) has no notes", () => {
    expect(negativeEstimateNotes(undefined, 64, 100).size).toBe(0);
    expect(negativeEstimateNotes({ spec: ir("beta-vae") }, 64, 100).size).toBe(0);
  });
});
