/**
 * Loading a study from a spec: check the file once, pick the model's `study`, expand it, and
 * resolve every run's configuration (the IR with that run's params, seed and step count).
 * No process exits: errors come back as diagnostics or a thrown CliError-free `StudyLoadError`.
 */
import { applyOverrides, runFrontEnd } from "../driver.js";
import type { RegistryLike } from "../check/types.js";
import type { Diagnostic } from "../diagnostics/types.js";
import { hasErrors } from "../diagnostics/make.js";
import { expandStudy, runCount } from "./expand.js";
import { configurationOf, fingerprintOf } from "./fingerprint.js";
import type { StudyRun, StudySpec } from "./types.js";

/** A user mistake in choosing the study (no study block, an unknown --model, …). */
export class StudyLoadError extends Error {}

/** One run with its resolved configuration. */
export interface ResolvedRun extends StudyRun {
  /** The IR without provenance (fingerprint.ts). */
  readonly configuration: unknown;
  readonly fingerprint: string;
}

export interface LoadedStudy {
  readonly spec: StudySpec;
  readonly runs: readonly StudyRun[];
  /** Present when `resolve` was asked for. */
  readonly resolved?: readonly ResolvedRun[];
}

export interface LoadStudyOptions {
  readonly registry?: RegistryLike;
  /** The model to take the study from when the file has several. */
  readonly model?: string;
  /** `--steps`: every run's step count. */
  readonly steps?: number;
  /** Resolve every run's configuration (a front-end pass per run; skip for `--list`). */
  readonly resolve?: boolean;
  /** The code generator the runs use; part of each run's configuration (default "ts"). */
  readonly target?: "ts" | "pytorch";
}

/**
 * Checks `text` and returns its study, or the diagnostics that stop it (`diagnostics` holds the
 * warnings either way).
 * @throws StudyLoadError when the file declares no study, several without `model`, or an unknown one.
 */
export function loadStudy(
  text: string,
  file: string,
  opts: LoadStudyOptions = {},
): { diagnostics: Diagnostic[]; study?: LoadedStudy } {
  const front = runFrontEnd(text, file, opts.registry ? { registry: opts.registry } : {});
  if (hasErrors(front.diagnostics)) return { diagnostics: front.diagnostics };
  const studies = front.studies ?? [];
  let spec: StudySpec | undefined;
  if (opts.model !== undefined) {
    spec = studies.find((s) => s.model === opts.model);
    if (!spec) {
      const names = studies.map((s) => s.model).join(", ") || "none";
      throw new StudyLoadError(
        `${file}: no model \`${opts.model}\` with a study (models with one: ${names})`,
      );
    }
  } else if (studies.length === 1) {
    spec = studies[0];
  } else if (studies.length > 1) {
    throw new StudyLoadError(
      `${file}: several models declare a study (${studies.map((s) => s.model).join(", ")}); pick one with --model`,
    );
  }
  if (!spec) {
    throw new StudyLoadError(
      `${file}: declares no study; add \`study { seeds: [0, 1, 2] }\` (and a \`grid { … }\`) to its model`,
    );
  }
  const runs = expandStudy(spec);
  if (!opts.resolve) return { diagnostics: front.diagnostics, study: { spec, runs } };
  const resolved = runs.map((run) => resolveRun(text, file, spec, run, opts));
  return { diagnostics: front.diagnostics, study: { spec, runs, resolved } };
}

function resolveRun(
  text: string,
  file: string,
  spec: StudySpec,
  run: StudyRun,
  opts: LoadStudyOptions,
): ResolvedRun {
  const front = runFrontEnd(text, file, {
    ...(opts.registry ? { registry: opts.registry } : {}),
    params: run.config,
  });
  const ir = front.irs?.find((m) => m.name === spec.model);
  if (!ir) {
    const first = front.diagnostics.find((d) => d.severity === "error");
    throw new StudyLoadError(
      `run ${run.index} of ${runCount(spec)} (${run.slug}) does not check: ${first?.message ?? "no model"}`,
    );
  }
  const resolved = configurationOf(
    applyOverrides(ir, {
      seed: run.seed,
      ...(opts.steps !== undefined ? { steps: opts.steps } : {}),
    }),
  );
  // A PyTorch run is a different program: switching targets must not reuse a run directory.
  const configuration = opts.target === "pytorch" ? { target: "pytorch", ir: resolved } : resolved;
  return { ...run, configuration, fingerprint: fingerprintOf(configuration) };
}
