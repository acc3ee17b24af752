/**
 * Benchmarks of `disc check`:
 *
 * - in process: median wall time of parse + check of a 100-line spec (target < 50 ms);
 * - start-up (`checkStartup`, also the `check-startup` row of `npm run bench`): median wall time
 *   of the whole command `node bin/disc.js check examples/beta-vae.dis` over several runs, each
 *   a fresh process (target ≤ 0.5 s on the project's 2-core machine). It runs the compiled CLI in
 *   dist/ (`npm run build`) when there is one, even where a source changed since the build
 *   (DISC_SOURCE=0), and says which it ran.
 *
 * Run with `npx tsx bench/check.ts [--runs N]`. Prints one JSON line:
 * { lines, runs, medianMs, p90Ms, startup: { command, runs, medianMs, minMs, maxMs, from } }.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { distState } from "../bin/dist-state.js";
import { runFrontEnd } from "../compiler/driver.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const examples = `${root}examples/`;

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

/** The p-quantile of sorted `times`, in ms with 2 decimals. */
const quantile = (times: number[], p: number): number =>
  Number(times[Math.floor(p * (times.length - 1))]!.toFixed(2));

/** Parse + check of a 100-line spec in this process: 5 warm-ups, then 50 timed runs. */
export function checkInProcess(): { lines: number; runs: number; medianMs: number; p90Ms: number } {
  const text = spec(100);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) runFrontEnd(text, "bench.dis", { stopAfter: "check" }); // warm-up
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    const r = runFrontEnd(text, "bench.dis", { stopAfter: "check" });
    times.push(performance.now() - t0);
    if (r.diagnostics.some((d) => d.severity === "error")) throw new Error("bench spec has errors");
  }
  times.sort((a, b) => a - b);
  return {
    lines: text.split("\n").length - 1,
    runs: times.length,
    medianMs: quantile(times, 0.5),
    p90Ms: quantile(times, 0.9),
  };
}

/** What `checkStartup` measured. */
export interface StartupResult {
  readonly command: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** "dist" (the compiled CLI) or "source" (no dist/: the TypeScript through tsx). */
  readonly from: "dist" | "source";
}

/**
 * Wall time of `node bin/disc.js check examples/<example>.dis`, one fresh process per run
 * (after one untimed run that warms the file cache). Throws when the command fails.
 */
export function checkStartup(runs = 9, example = "beta-vae"): StartupResult {
  const from = distState(root) === "missing" ? "source" : "dist";
  const env = { ...process.env, DISC_SOURCE: from === "dist" ? "0" : "1" };
  const args = [`${root}bin/disc.js`, "check", `examples/${example}.dis`];
  const once = (): number => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: "utf8" });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`disc check failed (${r.status}): ${r.stderr}`);
    return ms;
  };
  once();
  const times = Array.from({ length: runs }, once).sort((a, b) => a - b);
  return {
    command: `node bin/disc.js check examples/${example}.dis`,
    runs,
    medianMs: quantile(times, 0.5),
    minMs: quantile(times, 0),
    maxMs: quantile(times, 1),
    from,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const i = process.argv.indexOf("--runs");
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 9;
  console.log(JSON.stringify({ ...checkInProcess(), startup: checkStartup(runs) }));
}
