import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { imageGrid } from "../../runtime/viz/grid.js";
import { parseMetricsJsonl, writeReport } from "../../runtime/viz/report.js";

const dir = mkdtempSync(join(tmpdir(), "disc-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("metrics.jsonl parsing", () => {
  it("splits loss terms from metrics and flattens nested numbers", () => {
    const r = parseMetricsJsonl(
      '{"step":1,"loss":{"recon":3,"kl":1},"time":5}\n\n{"step":2,"mig":0.2,"loss":{"recon":2,"kl":1.5}}\n',
    );
    expect(r.loss).toEqual([
      { step: 1, series: "loss/recon", value: 3 },
      { step: 1, series: "loss/kl", value: 1 },
      { step: 2, series: "loss/recon", value: 2 },
      { step: 2, series: "loss/kl", value: 1.5 },
    ]);
    expect(r.metric).toEqual([{ step: 2, series: "mig", value: 0.2 }]);
  });
  it("names a malformed line", () => {
    expect(() => parseMetricsJsonl('{"step":1}\n{oops')).toThrow(/line 2/);
  });
});

describe("writeReport", () => {
  it("writes one self-contained HTML with SVG charts, inlined images, metrics and the spec", async () => {
    writeFileSync(join(dir, "config.json"), JSON.stringify({ name: "beta_vae_<test>", beta: 4 }));
    writeFileSync(
      join(dir, "metrics.jsonl"),
      [1, 2, 3]
        .map((s) => JSON.stringify({ step: s * 100, loss: { recon: 100 / s, kl: s } }))
        .join("\n"),
    );
    writeFileSync(join(dir, "kl_per_latent.json"), JSON.stringify([2.5, 0.1, 1.2]));
    writeFileSync(
      join(dir, "evaluation.json"),
      JSON.stringify({
        mig: {
          value: 0.25,
          variant: "dlib-histogram-20bins",
          samples: { train: 10000 },
          seed: 0,
          representation: "mean",
        },
      }),
    );
    writeFileSync(
      join(dir, "traversal.png"),
      imageGrid(new Float32Array(4).fill(1), 1, [2, 2, 1], 1).png,
    );
    const path = await writeReport(dir);
    const html = readFileSync(path, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect((html.match(/<svg/g) ?? []).length).toBe(2); // loss curves + KL bars
    expect(html).toContain("loss/recon");
    expect(html).toContain("data:image/png;base64,");
    expect(html).toContain("dlib-histogram-20bins");
    expect(html).toContain("beta_vae_&lt;test&gt;"); // escaped
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // self-contained
  });
  it("lists warnings.jsonl's warnings (escaped, a cut last line skipped); none without the file", async () => {
    const d = mkdtempSync(join(tmpdir(), "disc-report-warn-"));
    writeFileSync(
      join(d, "metrics.jsonl"),
      JSON.stringify({ step: 50, total_correlation_z: -3.6 }),
    );
    expect(readFileSync(await writeReport(d), "utf8")).not.toContain("<h2>Warnings</h2>");
    writeFileSync(
      join(d, "warnings.jsonl"),
      JSON.stringify({
        step: 50,
        message:
          "warning: step 50: total_correlation_z = -3.6 nats is below 0: the mss estimator <B ≪ N>.",
      }) + '\n{"step": 100, "mess',
    );
    const html = readFileSync(await writeReport(d), "utf8");
    expect(html).toContain("<h2>Warnings</h2>");
    expect(html).toContain(
      "step 50: total_correlation_z = -3.6 nats is below 0: the mss estimator &lt;B ≪ N&gt;.",
    );
    expect((html.match(/<li>/g) ?? []).length).toBe(1);
    rmSync(d, { recursive: true, force: true });
  });
  it("fails clearly for a missing directory", async () => {
    await expect(writeReport(join(dir, "nope"))).rejects.toThrow(/does not exist/);
  });
});
