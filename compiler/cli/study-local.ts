/** `disc study` on this machine: the whole study through the pool, or one run (`--index`). */
import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { configurationLabel } from "../study/expand.js";
import { signalRun, startRun, type ExecuteOptions } from "../study/execute.js";
import type { LoadedStudy, ResolvedRun } from "../study/load.js";
import { lockStudy, StudyLockedError } from "../study/lock.js";
import { planRuns } from "../study/plan-runs.js";
import { runPool } from "../study/pool.js";
import { CliError } from "./errors.js";
import { summaryTable, writeStudyOutputs } from "./study-output.js";

export interface LocalOptions {
  readonly jobs: number;
  readonly cores: number;
  readonly steps: number | undefined;
  readonly backend: string | undefined;
  /** The study's model, and ExecuteOptions' pytorch-target fields (target, text, registry, python, nproc). */
  readonly exec: Pick<
    ExecuteOptions,
    "model" | "target" | "text" | "registry" | "python" | "nproc"
  >;
}

const say = (line: string): void => void process.stderr.write(`${line}\n`);

/** Refuses runs that would mix configurations or collide with a live process; one line each. */
function refusals(plan: ReturnType<typeof planRuns>): string | undefined {
  const refused = plan.filter((p) => p.action.kind === "refuse");
  if (refused.length === 0) return undefined;
  const lines = refused.slice(0, 5).map((p) => {
    const why = p.action.kind === "refuse" ? p.action.why : "";
    return `  run ${p.run.index} (runs/${p.run.slug}) ${why}`;
  });
  if (refused.length > 5) lines.push(`  … and ${refused.length - 5} more`);
  return lines.join("\n");
}

/** Trains every run that is not finished, then writes study.json and study.html. */
export async function runLocalStudy(
  spec: string,
  studyDir: string,
  study: LoadedStudy,
  opts: LocalOptions,
): Promise<number> {
  let lock;
  try {
    lock = lockStudy(studyDir);
  } catch (err) {
    if (err instanceof StudyLockedError) throw new CliError(err.message);
    throw err;
  }
  try {
    if (lock.note) say(lock.note);
    const runs = study.resolved ?? [];
    const plan = planRuns(studyDir, runs);
    const refused = refusals(plan);
    if (refused !== undefined) {
      throw new CliError(
        `${studyDir}: cannot reuse these run directories (the spec changed since they ran):\n${refused}\n  hint: use a new --out, or delete those run directories and their state/<run>.json to retrain them`,
      );
    }
    const stale = staleDirs(studyDir, runs);
    if (stale > 0)
      say(`note: ${stale} run directories under runs/ belong to no run of this study (left alone)`);
    const todo = plan.filter((p) => p.action.kind !== "skip");
    // Threads follow the requested --jobs (not the runs left), so that a resumed run uses the
    // thread count it started with.
    const jobs = opts.jobs;
    const threads = Math.max(1, Math.floor(opts.cores / jobs));
    const resumed = todo.filter((p) => p.action.kind === "resume").length;
    say(
      `study ${study.spec.model}: ${runs.length} runs, ${runs.length - todo.length} finished, ${resumed} to resume, ${todo.length - resumed} to start; ${jobs} at a time × ${threads} thread${threads === 1 ? "" : "s"} (${studyDir})`,
    );
    await writeStudyOutputs(studyDir, spec, study, opts.steps);
    const exec: ExecuteOptions = {
      ...opts.exec,
      studyDir,
      spec,
      threads,
      ...(opts.steps !== undefined ? { steps: opts.steps } : {}),
      ...(opts.backend !== undefined ? { backend: opts.backend } : {}),
    };
    const result = await runPool(
      todo.map((p) => ({ run: p.run, action: p.action })),
      jobs,
      exec,
      say,
      async () => void (await writeStudyOutputs(studyDir, spec, study, opts.steps)),
    );
    const { result: agg, html } = await writeStudyOutputs(studyDir, spec, study, opts.steps);
    say(`study.json and ${html}: ${agg.counts.finished} of ${agg.runs.length} runs finished`);
    if (agg.counts.finished > 0) process.stdout.write(`${summaryTable(agg)}\n`);
    if (result.signal) {
      say(`interrupted; run the same command again to resume (finished runs are kept)`);
      return result.signal === "SIGINT" ? 130 : 143;
    }
    if (result.failed.length > 0) {
      for (const f of result.failed) {
        say(
          `failed: run ${f.run.index} (${configurationLabel(f.run.config)}, seed ${f.run.seed}); log: ${join(studyDir, "logs", `${f.run.slug}.log`)}`,
        );
      }
      return 1;
    }
    return 0;
  } finally {
    lock.release();
  }
}

function staleDirs(studyDir: string, runs: readonly ResolvedRun[]): number {
  const dir = join(studyDir, "runs");
  if (!existsSync(dir)) return 0;
  const known = new Set(runs.map((r) => r.slug));
  return readdirSync(dir).filter((d) => !known.has(d)).length;
}

/** `--index I`: trains run I (skips it when finished) and returns its exit code. */
export async function runOneIndex(
  spec: string,
  studyDir: string,
  study: LoadedStudy,
  index: number,
  opts: Omit<LocalOptions, "jobs" | "cores">,
): Promise<number> {
  const run = study.resolved?.[index];
  if (!run) throw new CliError(`--index ${index}: no such run`);
  const [planned] = planRuns(studyDir, [run]);
  const action = planned!.action;
  if (action.kind === "refuse") throw new CliError(`run ${index} (runs/${run.slug}) ${action.why}`);
  const name = `run ${index} (${configurationLabel(run.config)}, seed ${run.seed})`;
  if (action.kind === "skip") {
    say(`${name}: finished already`);
    return 0;
  }
  const threads = Math.max(1, Number(process.env.DISC_WASM_THREADS) || 2);
  const { child, done } = await startRun(run, action, {
    ...opts.exec,
    studyDir,
    spec,
    threads,
    ...(opts.steps !== undefined ? { steps: opts.steps } : {}),
    ...(opts.backend !== undefined ? { backend: opts.backend } : {}),
  });
  const forward = (s: NodeJS.Signals) => (): void => signalRun(child, s);
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  say(
    `${name}: ${action.kind === "resume" ? `resuming (${action.why})` : "starting"}; log ${join(studyDir, "logs", `${run.slug}.log`)}`,
  );
  const outcome = await done;
  process.off("SIGINT", onInt);
  process.off("SIGTERM", onTerm);
  say(`${name}: ${outcome.status} in ${Math.round(outcome.seconds)} s`);
  if (outcome.status === "finished") return 0;
  if (outcome.status === "interrupted") return outcome.exitCode ?? 130;
  return 1;
}
