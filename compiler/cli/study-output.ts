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
