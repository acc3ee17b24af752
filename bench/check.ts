/**
 * Benchmark: median wall time of parse + check of a 100-line spec (target < 50 ms).
 * Run with `npx tsx bench/check.ts`. Prints one JSON line: { lines, runs, medianMs, p90Ms }.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runFrontEnd } from "../compiler/driver.js";

const examples = fileURLToPath(new URL("../examples/", import.meta.url));

/** A `lines`-line spec: renamed copies of the beta-TCVAE example, padded with comment lines. */
function spec(lines: number): string {
  const base = readFileSync(`${examples}beta-tcvae.dis`, "utf8").trimEnd().split("\n");
  const out: string[] = [];
  for (let i = 0; out.length + base.length <= lines; i++) {
    out.push(...base.map((l) => l.replace("model beta_tcvae", `model beta_tcvae_${i}`)));
  }
  while (out.length < lines) out.push("// padding");
  return out.join("\n") + "\n";
}

const text = spec(100);
const n = text.split("\n").length - 1;
const times: number[] = [];
for (let i = 0; i < 5; i++) runFrontEnd(text, "bench.dis", { stopAfter: "check" }); // warm-up
for (let i = 0; i < 50; i++) {
  const t0 = performance.now();
  const r = runFrontEnd(text, "bench.dis", { stopAfter: "check" });
  times.push(performance.now() - t0);
  if (r.diagnostics.some((d) => d.severity === "error")) throw new Error("bench spec has errors");
}
times.sort((a, b) => a - b);
const q = (p: number): number => Number(times[Math.floor(p * (times.length - 1))]!.toFixed(2));
console.log(JSON.stringify({ lines: n, runs: times.length, medianMs: q(0.5), p90Ms: q(0.9) }));
