/**
 * Aggregation of a study directory into `study.json`: per run its state, metrics and final loss
 * terms; per configuration and metric the median, quartiles, mean ± 95 % CI over the finished
 * seeds; the Spearman rank-correlation matrix between metrics across finished runs.
 *
 * Reads, for each run of the expansion: `state/<index>.json` (written by `disc study`),
 * `runs/<slug>/evaluation.json` (each metric's headline value) and the last loss record of
 * `runs/<slug>/metrics.jsonl`. A run without a state file is "missing".
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { configurationLabel } from "../../compiler/study/expand.js";
import type { ParamValue, StudyRun } from "../../compiler/study/types.js";
import { spearman, summarize, type Summary } from "./stats.js";
import { readRunState, type RunStatus } from "./state.js";

/** One run as study.json lists it. */
export interface RunRecord {
  readonly index: number;
  readonly slug: string;
  readonly configIndex: number;
  readonly config: Readonly<Record<string, ParamValue>>;
  readonly seed: number;
  readonly status: RunStatus;
  readonly attempts: number;
  /** Training + evaluation wall time of the last attempt (s), when it ended. */
  readonly seconds: number | null;
  /** Headline value of every metric in evaluation.json. */
  readonly metrics: Readonly<Record<string, number>>;
  /** The last logged value of every loss term (nats), with its step. */
  readonly losses: Readonly<Record<string, number>>;
  readonly lastStep: number | null;
  /** Paths relative to the study directory. */
  readonly dir: string;
  readonly report: string | null;
}

/** One configuration over its seeds. */
export interface ConfigurationRecord {
  readonly index: number;
  readonly label: string;
  readonly config: Readonly<Record<string, ParamValue>>;
  readonly seeds: number;
  readonly seedsFinished: number;
  readonly metrics: Readonly<Record<string, Summary>>;
  readonly losses: Readonly<Record<string, Summary>>;
}

/** The content of study.json. */
export interface StudyResult {
  readonly study: {
    readonly spec: string;
    readonly model: string;
    readonly axes: readonly { readonly name: string; readonly values: readonly ParamValue[] }[];
    readonly seeds: readonly number[];
    readonly steps: number | null;
  };
  readonly updated: string;
  readonly counts: Readonly<Record<RunStatus, number>>;
  readonly metricNames: readonly string[];
  readonly runs: readonly RunRecord[];
  readonly configurations: readonly ConfigurationRecord[];
  /** Spearman's ρ between metrics over the finished runs that report both (null: undefined). */
  readonly spearman: {
    readonly metrics: readonly string[];
    readonly rho: readonly (readonly (number | null)[])[];
    readonly n: readonly (readonly number[])[];
  };
}

/** What aggregation needs to know about the study besides its directory. */
export interface StudyDescription {
  readonly spec: string;
  readonly model: string;
  readonly axes: StudyResult["study"]["axes"];
  readonly seeds: readonly number[];
  readonly runs: readonly StudyRun[];
  /** `--steps` given to every run, or null for the spec's own. */
  readonly steps: number | null;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** Headline values of evaluation.json ({ name: { value } }); non-finite values are dropped. */
export function readMetrics(runDir: string): Record<string, number> {
  const ev = readJson(join(runDir, "evaluation.json"));
  const out: Record<string, number> = {};
  if (!ev || typeof ev !== "object") return out;
  for (const [name, r] of Object.entries(ev as Record<string, unknown>)) {
    const v = (r as { value?: unknown } | null)?.value;
    if (typeof v === "number" && Number.isFinite(v)) out[name] = v;
  }
  return out;
}

/** The last record of metrics.jsonl that has loss terms (numbers other than step/time/eval). */
export function readLastLosses(runDir: string): {
  step: number | null;
  losses: Record<string, number>;
} {
  const path = join(runDir, "metrics.jsonl");
  if (!existsSync(path)) return { step: null, losses: {} };
  const lines = readFileSync(path, "utf8").trim().split("\n").reverse();
  for (const line of lines) {
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const losses: Record<string, number> = {};
    for (const [k, v] of Object.entries(rec)) {
      if (k === "step" || k === "time" || k.includes("/")) continue;
      if (typeof v === "number" && Number.isFinite(v)) losses[k] = v;
    }
    if (Object.keys(losses).length > 0) {
      return { step: typeof rec.step === "number" ? rec.step : null, losses };
    }
  }
  return { step: null, losses: {} };
}

function runRecord(studyDir: string, run: StudyRun): RunRecord {
  const state = readRunState(studyDir, run.index);
  const dir = join("runs", run.slug);
  const abs = join(studyDir, dir);
  const finished = state?.status === "finished";
  const { step, losses } = readLastLosses(abs);
  return {
    index: run.index,
    slug: run.slug,
    configIndex: run.configIndex,
    config: run.config,
    seed: run.seed,
    status: state?.status ?? "missing",
    attempts: state?.attempts ?? 0,
    seconds: state?.seconds ?? null,
    metrics: finished ? readMetrics(abs) : {},
    losses,
    lastStep: step,
    dir,
    report: existsSync(join(abs, "report.html")) ? join(dir, "report.html") : null,
  };
}

function summaries(values: Map<string, number[]>): Record<string, Summary> {
  const out: Record<string, Summary> = {};
  for (const [name, vs] of values) if (vs.length > 0) out[name] = summarize(vs);
  return out;
}

function push(map: Map<string, number[]>, key: string, v: number): void {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
}

/** Builds the StudyResult of `studyDir` from whatever has finished. Never throws for missing runs. */
export function aggregateStudy(studyDir: string, desc: StudyDescription): StudyResult {
  const runs = desc.runs.map((r) => runRecord(studyDir, r));
  const counts: Record<RunStatus, number> = {
    finished: 0,
    running: 0,
    interrupted: 0,
    failed: 0,
    missing: 0,
  };
  for (const r of runs) counts[r.status]++;
  const metricNames = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];

  const byConfig = new Map<number, RunRecord[]>();
  for (const r of runs) byConfig.set(r.configIndex, [...(byConfig.get(r.configIndex) ?? []), r]);
  const configurations: ConfigurationRecord[] = [...byConfig.entries()].map(([index, rs]) => {
    const metrics = new Map<string, number[]>();
    const losses = new Map<string, number[]>();
    const done = rs.filter((r) => r.status === "finished");
    for (const r of done) {
      for (const [k, v] of Object.entries(r.metrics)) push(metrics, k, v);
      for (const [k, v] of Object.entries(r.losses)) push(losses, k, v);
    }
    return {
      index,
      label: configurationLabel(rs[0]!.config),
      config: rs[0]!.config,
      seeds: rs.length,
      seedsFinished: done.length,
      metrics: summaries(metrics),
      losses: summaries(losses),
    };
  });

  const done = runs.filter((r) => r.status === "finished");
  const rho: (number | null)[][] = [];
  const n: number[][] = [];
  for (const a of metricNames) {
    const rowRho: (number | null)[] = [];
    const rowN: number[] = [];
    for (const b of metricNames) {
      const both = done.filter((r) => a in r.metrics && b in r.metrics);
      rowRho.push(
        spearman(
          both.map((r) => r.metrics[a]!),
          both.map((r) => r.metrics[b]!),
        ),
      );
      rowN.push(both.length);
    }
    rho.push(rowRho);
    n.push(rowN);
  }

  return {
    study: {
      spec: desc.spec,
      model: desc.model,
      axes: desc.axes,
      seeds: desc.seeds,
      steps: desc.steps,
    },
    updated: new Date().toISOString(),
    counts,
    metricNames,
    runs,
    configurations,
    spearman: { metrics: metricNames, rho, n },
  };
}
