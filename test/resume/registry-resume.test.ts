/**
 * Every piece of training state is checkpointed, in every entry: for each configuration of
 * specs.ts (every stdlib penalty and each of its enum variants, every example shrunk), a run
 * stopped at step k and resumed to STEPS ends with exactly the weights, optimizer state, loop
 * state and logged losses of an uninterrupted run.
 *
 * Two ways to stop: an interrupt in this process (the SIGINT path: checkpoint at k), and a
 * SIGKILL of a child process running the trainer at a point drawn at random (DISC_RESUME_SEED,
 * default 1): after some update, or between two files of a checkpoint write (DISC_FAULT, see
 * runtime/checkpoint/fault.ts), or at a random moment. The kills run for the first variant of
 * every entry and every example; DISC_RESUME_MATRIX=full kills every configuration at every point.
 * The matrix of what ran is written to test-output/resume-matrix.md.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isTrainingInterrupted } from "../../runtime/train/interrupt.js";
import { verifyCheckpoint } from "../../runtime/checkpoint/integrity.js";
import { mulberry32 } from "../../stdlib/penalties/factor-discriminator.js";
import {
  compileConfig,
  finalState,
  losses,
  REPO,
  RUN,
  runChild,
  type Compiled,
} from "./harness.js";
import { exampleConfigs, penaltyConfigs, STEPS, type ResumeConfig } from "./specs.js";

const CONFIGS: ResumeConfig[] = [...penaltyConfigs(), ...exampleConfigs(REPO)];
const KILL_POINTS = [
  "update",
  "network",
  "optimizer",
  "terms",
  "state",
  "commit",
  "latest-tmp",
  "latest",
  "random",
] as const;
type KillPoint = (typeof KILL_POINTS)[number];
const FULL = process.env["DISC_RESUME_MATRIX"] === "full";
const rand = mulberry32(Number(process.env["DISC_RESUME_SEED"] ?? 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const compiled = new Map<string, Compiled>();
const references = new Map<string, Record<string, unknown>>();
const matrix = new Map<string, Map<string, string>>();
const record = (config: string, column: string, cell: string) => {
  if (!matrix.has(config)) matrix.set(config, new Map());
  matrix.get(config)!.set(column, cell);
};

/** The compiled trainer and the uninterrupted run of `c` (once per configuration). */
async function reference(
  c: ResumeConfig,
): Promise<{ mod: Compiled; ref: Record<string, unknown> }> {
  let mod = compiled.get(c.name);
  if (!mod) {
    mod = await compileConfig(c);
    compiled.set(c.name, mod);
  }
  let ref = references.get(c.name);
  if (!ref) {
    const out = join(mod.dir, "ref");
    expect((await mod.train({ ...RUN, outDir: out })).steps).toBe(STEPS);
    ref = finalState(out, STEPS);
    references.set(c.name, ref);
  }
  return { mod, ref };
}

describe("resume from an interrupt equals an uninterrupted run", () => {
  CONFIGS.forEach((c, i) => {
    const k = 1 + (i % (STEPS - 1));
    it(`${c.name}: ${k} steps, interrupt, resume to ${STEPS}`, async () => {
      const { mod, ref } = await reference(c);
      const out = join(mod.dir, "interrupted");
      const stop = new AbortController();
      const first = mod
        .train({
          ...RUN,
          outDir: out,
          signal: stop.signal,
          onLog: (r) => void (r.step === k && stop.abort("SIGINT")),
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      const err = await first;
      expect(isTrainingInterrupted(err), String(err)).toBe(true);
      expect(losses(out).at(-1)?.["step"]).toBe(k);
      await mod.train({ ...RUN, outDir: out, resume: true });
      expect(finalState(out, STEPS)).toEqual(ref);
      record(c.name, "interrupt", `k=${k} ✓`);
    }, 600_000);
  });
});

/** The kill points a configuration is tested at: all (full matrix) or one drawn at random. */
function killPlan(): { point: KillPoint; step: number }[] {
  const stepFor = (p: KillPoint) =>
    p === "update" || p === "random" ? 1 + Math.floor(rand() * (STEPS - 1)) : pick([2, 4]);
  const points: readonly KillPoint[] = FULL ? KILL_POINTS : [pick(KILL_POINTS)];
  return points.map((point) => ({ point, step: stepFor(point) }));
}

const killed = FULL
  ? CONFIGS
  : CONFIGS.filter((c) => !/\(.+\)$/.test(c.name) || c.name.startsWith("example"));

describe("resume after a SIGKILL equals an uninterrupted run", () => {
  for (const c of killed) {
    for (const { point, step } of killPlan()) {
      it(`${c.name}: SIGKILL at ${point} of step ${step}, resume to ${STEPS}`, async () => {
        const { mod, ref } = await reference(c);
        const out = join(mod.dir, `kill-${point}`);
        const end = await runChild(
          mod,
          out,
          point === "random"
            ? { killWhen: () => losses(out).length >= step }
            : { fault: `${step}:${point}` },
        );
        const wasKilled = end.signal === "SIGKILL";
        if (!wasKilled) expect(end.code, end.stderr).toBe(0); // the point never came (no term states; a lost race)
        const root = join(out, "checkpoints");
        // what the kill left: `latest`, when there is one, names a complete, intact checkpoint
        if (existsSync(join(root, "latest"))) {
          const name = readFileSync(join(root, "latest"), "utf8").trim();
          expect(() => verifyCheckpoint(join(root, name))).not.toThrow();
        }
        await mod.train({ ...RUN, outDir: out, resume: true });
        expect(finalState(out, STEPS)).toEqual(ref);
        expect(readdirSync(root).filter((e) => e.includes("tmp"))).toEqual([]);
        const why = point === "terms" ? "no term state" : "finished first";
        record(c.name, point, wasKilled ? `${step} ✓` : `${step} (${why}) ✓`);
      }, 600_000);
    }
  }
});

afterAll(() => {
  const columns = ["interrupt", ...KILL_POINTS];
  const rows = [...matrix.entries()].map(
    ([name, cells]) => `| ${name} | ${columns.map((k) => cells.get(k) ?? "").join(" | ")} |`,
  );
  mkdirSync(join(REPO, "test-output"), { recursive: true });
  writeFileSync(
    join(REPO, "test-output", "resume-matrix.md"),
    [
      `| configuration | ${columns.join(" | ")} |`,
      `|${"---|".repeat(columns.length + 1)}`,
      ...rows,
      "",
    ].join("\n"),
  );
});
