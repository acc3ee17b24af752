/** What `disc study` prints and writes: the run table, study.json and study.html. */
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { aggregateStudy, type StudyResult } from "../../runtime/study/aggregate.js";
import { writeStudyReport } from "../../runtime/study/report.js";
import { configurationCount, formatParamValue } from "../study/expand.js";
import type { LoadedStudy } from "../study/load.js";

/** `--list`: index, every axis, seed and the run directory's name, one run a line. */
export function printStudyTable(study: LoadedStudy): void {
  const axes = study.spec.axes.map((a) => a.name);
  const rows = [
    ["run", ...axes, "seed", "directory"],
    ...study.runs.map((r) => [
      String(r.index),
      ...axes.map((a) => formatParamValue(r.config[a]!)),
      String(r.seed),
      `runs/${r.slug}`,
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd(),
  );
  const n = configurationCount(study.spec);
  process.stdout.write(
    `${study.spec.model}: ${study.runs.length} runs = ${n} configuration${n === 1 ? "" : "s"} × ${study.spec.seeds.length} seed${study.spec.seeds.length === 1 ? "" : "s"}\n${lines.join("\n")}\n`,
  );
}

/**
 * The per-configuration summary as a Markdown table: for every metric the median and the range
 * over finished seeds, then the final loss terms' medians.
 */
export function summaryTable(result: StudyResult): string {
  const axes = result.study.axes.map((a) => a.name);
  const losses = [...new Set(result.configurations.flatMap((c) => Object.keys(c.losses)))];
  const head = [
    ...axes,
    "seeds",
    ...result.metricNames.map((m) => `${m} median [min, max]`),
    ...losses.map((l) => `${l} median`),
  ];
  const f = (v: number): string =>
    Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 10 ? 1 : 3);
  const rows = result.configurations.map((c) => [
    ...axes.map((a) => formatParamValue(c.config[a]!)),
    `${c.seedsFinished}/${c.seeds}`,
    ...result.metricNames.map((m) => {
      const s = c.metrics[m];
      return s ? `${f(s.median)} [${f(s.min)}, ${f(s.max)}]` : "–";
    }),
    ...losses.map((l) => (c.losses[l] ? f(c.losses[l].median) : "–")),
  ]);
  const line = (cells: string[]): string => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Aggregates the study directory; writes study.json and study.html (both atomically). */
export async function writeStudyOutputs(
  studyDir: string,
  spec: string,
  study: LoadedStudy,
  steps: number | undefined,
): Promise<{ result: StudyResult; html: string }> {
  const result = aggregateStudy(studyDir, {
    spec,
    model: study.spec.model,
    axes: study.spec.axes.map((a) => ({ name: a.name, values: a.values })),
    seeds: study.spec.seeds,
    runs: study.runs,
    steps: steps ?? null,
  });
  const path = join(studyDir, "study.json");
  writeFileSync(`${path}.tmp-${process.pid}`, JSON.stringify(result, null, 2) + "\n");
  renameSync(`${path}.tmp-${process.pid}`, path);
  const html = await writeStudyReport(studyDir, result);
  return { result, html };
}
