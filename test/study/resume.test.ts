/**
 * `disc study` end to end on a tiny model: a study killed mid-run (SIGINT to the study process)
 * exits 130; running the same command again trains only what is missing — finished runs are
 * left untouched, interrupted runs resume from their checkpoints — and every run's final
 * weights equal those of an uninterrupted study. A spec change that changes a configuration is
 * refused with the field that changed.
 */
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { disc, REPO } from "../cli/run-disc.js";

const spec = (lr: string) => `model tiny {
  param beta = 1.0
  data dsprites(batch: 8, size: 32)
  latent z ~ normal(2)
  encoder mlp(hidden: [16]): x -> z
  decoder mlp(hidden: [16]): z -> x ~ bernoulli
  loss = recon(x) + beta * kl(z)
  train {
    optimizer: adam(lr: ${lr})
    steps: 600
    seed: 0
    log_every: 10
    checkpoint_every: 10
  }
  evaluate every 600 {
    metrics: [mig(samples: 200)]
  }
  study {
    seeds: [0, 1]
    grid { beta: [1, 4] }
  }
}
`;

const state = (dir: string, i: number): { status: string } | undefined => {
  const p = join(dir, "state", `${i}.json`);
  return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as { status: string }) : undefined;
};

/** The last step logged in a run's metrics.jsonl (0 when none). */
function lastStep(runDir: string): number {
  const path = join(runDir, "metrics.jsonl");
  if (!existsSync(path)) return 0;
  const lines = readFileSync(path, "utf8").trim().split("\n");
  try {
    return (JSON.parse(lines[lines.length - 1] ?? "{}") as { step?: number }).step ?? 0;
  } catch {
    return 0; // a line being written
  }
}

/** Every file of a run's final checkpoint (weights and optimizer state), by relative path. */
function finalCheckpoint(runDir: string): Record<string, Buffer> {
  const ck = join(runDir, "checkpoints");
  const latest = readFileSync(join(ck, "latest"), "utf8").trim();
  const out: Record<string, Buffer> = {};
  const walk = (d: string, rel: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p, `${rel}${f}/`);
      else if (f !== "state.json") out[`${rel}${f}`] = readFileSync(p);
    }
  };
  walk(join(ck, latest), "");
  return out;
}

describe("disc study: kill and resume", () => {
  it("reruns only what is missing, bit for bit, and refuses a changed configuration", async () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-study-"));
    const file = join(dir, "tiny.dis");
    writeFileSync(file, spec("1e-3"));
    const full = join(dir, "full");
    const a = disc("study", file, "--out", full, "--jobs", "2");
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/4 of 4 runs finished/);

    const cut = join(dir, "cut");
    const child = spawn(
      process.execPath,
      [join(REPO, "bin", "disc.js"), "study", file, "--out", cut, "--jobs", "2"],
      {
        cwd: REPO,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    // Wait until one run has finished and a later one is running with a checkpoint.
    const deadline = Date.now() + 600_000;
    for (;;) {
      const done = [0, 1, 2, 3].filter((i) => state(cut, i)?.status === "finished").length;
      // …a run in the middle of its training (checkpointed, far from its last step)
      const midway = [0, 1, 2, 3].some((i) => {
        const st = state(cut, i) as { status: string; slug: string } | undefined;
        const runDir = join(cut, "runs", st?.slug ?? "-");
        if (st?.status !== "running" || !existsSync(join(runDir, "checkpoints", "latest"))) {
          return false;
        }
        const step = lastStep(runDir);
        return step >= 20 && step <= 300;
      });
      if (done >= 1 && midway) break;
      if (Date.now() > deadline) throw new Error(`study never got midway:\n${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGINT");
    expect(await exited, err).toBe(130);
    const statuses = [0, 1, 2, 3].map((i) => state(cut, i)?.status ?? "missing");
    expect(statuses).toContain("finished");
    expect(statuses).toContain("interrupted");
    expect(statuses).not.toContain("running");
    const finished = [0, 1, 2, 3].filter((i) => statuses[i] === "finished");
    const slugs = readdirSync(join(cut, "runs")).sort();
    const before = new Map(
      finished.map((i) => [i, statSync(join(cut, "runs", slugs[i]!, "metrics.jsonl")).mtimeMs]),
    );

    const again = disc("study", file, "--out", cut, "--jobs", "2");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`${finished.length} finished`);
    expect(again.stderr, `${err}\n${statuses.join(",")}`).toMatch(/[1-9] to resume/);
    for (const [i, mtime] of before) {
      expect(statSync(join(cut, "runs", slugs[i]!, "metrics.jsonl")).mtimeMs).toBe(mtime);
    }
    for (const slug of readdirSync(join(full, "runs"))) {
      expect(finalCheckpoint(join(cut, "runs", slug))).toEqual(
        finalCheckpoint(join(full, "runs", slug)),
      );
    }
    const study = JSON.parse(readFileSync(join(cut, "study.json"), "utf8")) as {
      counts: { finished: number };
    };
    expect(study.counts.finished).toBe(4);

    writeFileSync(file, spec("2e-3"));
    const changed = disc("study", file, "--out", cut);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/train\.optimizers\.0\.args\.lr\.value: 0\.001 → 0\.002/);
  }, 1_200_000);
});
