/**
 * The PyTorch program of examples/beta-tcvae.dis, from `disc compile --target pytorch`, trains
 * here with 2 processes (torch.multiprocessing.spawn, gloo backend, DistributedSampler): after
 * the steps both ranks hold identical weights (all_gather, max |w_1 − w_0| = 0), rank 0 wrote
 * metrics.jsonl and checkpoints, and the reconstruction loss fell. Then `--resume` continues
 * from the last checkpoint. Skips with a printed reason when python3-torch is missing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PYTHON, torchStatus } from "./torch-env.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const OUT = join(REPO, "test", ".generated", "pytorch-ddp");
const torch = torchStatus();

const metrics = (dir: string) =>
  readFileSync(join(dir, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, number>);

describe.skipIf(!torch.ok)("PyTorch DDP: beta-tcvae with 2 processes", () => {
  it("trains, keeps the replicas identical, checkpoints and resumes", { timeout: 240_000 }, () => {
    rmSync(OUT, { recursive: true, force: true });
    const c = spawnSync(
      "node",
      [
        join(REPO, "bin/disc.js"),
        "compile",
        join(REPO, "examples/beta-tcvae.dis"),
        "--target",
        "pytorch",
        "-o",
        OUT,
      ],
      { encoding: "utf8" },
    );
    expect(c.status, c.stderr).toBe(0);
    expect(existsSync(join(OUT, "beta_tcvae.py"))).toBe(true);
    expect(existsSync(join(OUT, "disc_torch", "train.py"))).toBe(true);
    const run = join(OUT, "run");
    const common = [
      "--out",
      run,
      "--batch",
      "16",
      "--log-every",
      "1",
      "--checkpoint-every",
      "2",
      "--check-replicas",
    ];
    const env = { ...process.env, OMP_NUM_THREADS: "1" };
    const t = spawnSync(
      PYTHON,
      [join(OUT, "beta_tcvae.py"), ...common, "--steps", "4", "--nproc", "2"],
      { encoding: "utf8", env, timeout: 180_000 },
    );
    expect(t.status, `${t.stdout}\n${t.stderr}`).toBe(0);
    expect(t.stdout).toContain("2 process(es) on cpu");
    const replicas = JSON.parse(readFileSync(join(run, "replicas.json"), "utf8")) as {
      world_size: number;
      max_abs_diff: number;
      steps: number;
    };
    expect(replicas).toEqual({ world_size: 2, steps: 4, max_abs_diff: 0 });
    const m = metrics(run);
    expect(m.map((r) => r["step"])).toEqual([1, 2, 3, 4]);
    for (const r of m) {
      for (const k of ["recon_x", "mutual_info_z", "total_correlation_z", "dimwise_kl_z", "total"])
        expect(Number.isFinite(r[k])).toBe(true);
      // the objective is recon + 1·MI + 6·TC + 1·dimwise_kl, each averaged over both ranks
      expect(r["total"]).toBeCloseTo(
        r["recon_x"]! + r["mutual_info_z"]! + 6 * r["total_correlation_z"]! + r["dimwise_kl_z"]!,
        1,
      );
    }
    // 64×64 binary pixels at initialisation: recon ≈ 4096·ln 2 ≈ 2839 nats; Adam lowers it at once
    expect(m[0]!["recon_x"]).toBeGreaterThan(2700);
    expect(m[3]!["recon_x"]).toBeLessThan(m[0]!["recon_x"]! - 5);
    expect(readdirSync(join(run, "checkpoints")).sort()).toEqual([
      "step-00000002.pt",
      "step-00000004.pt",
    ]);
    // resume in one process: continues at step 5 and appends to metrics.jsonl
    const r = spawnSync(
      PYTHON,
      [join(OUT, "beta_tcvae.py"), ...common, "--steps", "5", "--resume"],
      { encoding: "utf8", env, timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("steps 4 -> 5");
    expect(metrics(run).map((x) => x["step"])).toEqual([1, 2, 3, 4, 5]);
  });
});
