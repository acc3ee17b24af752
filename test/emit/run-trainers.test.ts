/**
 * End to end: three examples are compiled (on 32×32 dSprites, batch 16), their generated
 * programs imported and trained for a few steps on the wasm backend; the run directory must
 * hold every file a user reads, with finite losses.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import type { RunResult, TrainOptions } from "../../runtime/index.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const OUT = join(REPO, "test", ".generated");

async function trainExample(
  example: string,
  steps: number,
): Promise<{ run: RunResult; dir: string }> {
  const text = readFileSync(join(REPO, "examples", example), "utf8").replace(
    /data dsprites\(batch: 64\)/,
    "data dsprites(batch: 16, size: 32)",
  );
  const r = await compile(text, example);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const [name, program] = Object.entries(r.files)[0] ?? [];
  expect(program).toBeDefined();
  const dir = join(OUT, example.replace(/\.dis$/, ""));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // the trainer and the resolved spec it reads from beside itself
  for (const [f, text] of Object.entries(r.files)) writeFileSync(join(dir, f), text);
  const file = join(dir, name ?? "trainer.ts");
  const mod = (await import(pathToFileURL(file).href)) as {
    train: (o: TrainOptions) => Promise<RunResult>;
  };
  const run = await mod.train({
    outDir: join(dir, "run"),
    steps,
    backend: "wasm",
    quiet: true,
    evaluate: false,
  });
  return { run, dir: join(dir, "run") };
}

describe("generated trainers run", () => {
  for (const example of ["beta-tcvae.dis", "factor-vae.dis", "annealed-vae.dis"]) {
    it(example, async () => {
      const { run, dir } = await trainExample(example, 3);
      expect(run.steps).toBe(3);
      for (const v of Object.values(run.last)) expect(Number.isFinite(v)).toBe(true);
      for (const f of [
        "config.json",
        "metrics.jsonl",
        "reconstructions.png",
        "traversal.png",
        "traversal.gif",
        "kl_per_latent.json",
        "report.html",
      ]) {
        expect(existsSync(join(dir, f)), f).toBe(true);
      }
      expect(existsSync(join(dir, "checkpoints", "latest"))).toBe(true);
      const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as {
        spec: { name: string };
      };
      expect(config.spec.name).toBe(example.replace(/-/g, "_").replace(/\.dis$/, ""));
    });
  }
});
