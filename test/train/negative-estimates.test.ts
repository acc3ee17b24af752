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

/** A resolved spec with β-TCVAE's three terms on z, all with `estimator`. */
const tcvae = (estimator: string) => ({
  spec: {
    terms: [
      { id: "recon_x", entry: "recon", args: { target: { value: "x" } } },
      ...["mutual_info", "total_correlation", "dimwise_kl"].map((entry) => ({
        id: `${entry}_z`,
        entry,
        args: { latent: { value: "z" }, estimator: { value: estimator } },
      })),
    ],
  },
});

describe("KL estimates below 0", () => {
  it("β-TCVAE's three MSS terms get a note naming the estimator, B and N; recon none", () => {
    const notes = negativeEstimateNotes(tcvae("mss"), 64, 737280);
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

  it("with mws the note gives the constant offset log N per dimension (13.5 nats at N = 737,280)", () => {
    const note = negativeEstimateNotes(tcvae("mws"), 64, 737280).get("dimwise_kl_z")!;
    expect(note).toContain("mws estimator");
    expect(note).toContain("log N = 13.5 nats per latent dimension");
    expect(note).toContain("constants without gradient");
  });

  it("the quickstart's terms get notes", () => {
    const notes = negativeEstimateNotes({ spec: ir("quickstart") }, 64, 737280);
    expect([...notes.keys()].sort()).toEqual([
      "dimwise_kl_z",
      "mutual_info_z",
      "total_correlation_z",
    ]);
  });

  it("FactorVAE's discriminator TC gets the density-ratio note", () => {
    const notes = negativeEstimateNotes({ spec: ir("factor-vae") }, 64, 737280);
    expect(notes.get("total_correlation_z")).toContain("density ratio");
  });

  it("warns once per term, only below −0.1 nats, with the step and value", () => {
    const lines: string[] = [];
    const w = new NegativeEstimateWatch(negativeEstimateNotes(tcvae("mss"), 64, 737280), (l) =>
      lines.push(l),
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
