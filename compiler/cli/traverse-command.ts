/**
 * `disc traverse RUN_DIR [--latent i] [--range r] [--points n] [--gif] [--backend B]`: loads a
 * trained run and draws labelled latent traversals into RUN_DIR (traversal.png with
 * latent_factors.json, or traversal-z<i>.png for one latent; .gif with --gif).
 */
import { resolve } from "node:path";
import type { BackendName } from "../../runtime/index.js";
import { CliError } from "./errors.js";
import { withRunLock } from "./run-lock.js";
import { nonNegativeInt, positiveInt } from "./files.js";

export interface TraverseFlags {
  latent?: string;
  range?: string;
  points?: string;
  gif: boolean;
  backend: string;
  quiet: boolean;
}

const BACKENDS = ["auto", "tensorflow", "wasm", "cpu"];

/**
 * Runs `disc traverse`; returns the exit code.
 * @throws CliError on bad flags, a directory that is not a trained run, or a latent out of range.
 */
export async function runTraverse(runDir: string, flags: TraverseFlags): Promise<number> {
  return withRunLock(resolve(runDir), () => runTraverseLocked(runDir, flags));
}

async function runTraverseLocked(runDir: string, flags: TraverseFlags): Promise<number> {
  if (!BACKENDS.includes(flags.backend))
    throw new CliError(`--backend expects one of ${BACKENDS.join(", ")}, got \`${flags.backend}\``);
  const latent = flags.latent === undefined ? undefined : nonNegativeInt("--latent", flags.latent);
  const points = flags.points === undefined ? undefined : positiveInt("--points", flags.points);
  let range: number | undefined;
  if (flags.range !== undefined) {
    range = Number(flags.range);
    if (!Number.isFinite(range) || range <= 0)
      throw new CliError(`--range expects a positive number, got \`${flags.range}\``);
  }
  const { loadRun } = await import("../../runtime/index.js");
  const { COLLAPSED_KL } = await import("../../runtime/viz/latent-labels.js");
  const { nmiSamplesFor, writeRunTraversal } = await import("../../runtime/viz/run-traversal.js");
  const run = await loadRun(runDir, {
    backend: flags.backend as BackendName,
    quiet: flags.quiet,
  }).catch((e: unknown) => {
    throw new CliError(e instanceof Error ? e.message : String(e));
  });
  try {
    const traversals = run.spec.evaluate?.traversals;
    const specRange = traversals?.["range"]?.value;
    const specPoints = traversals?.["points"]?.value;
    const { files, rows, collapsed } = await writeRunTraversal({
      outDir: run.runDir,
      dataset: run.dataset,
      latentSize: run.latentSize,
      encode: run.encodeArrays,
      decode: run.decodeArrays,
      latent,
      range: range ?? (typeof specRange === "number" ? specRange : 2),
      points: points ?? (typeof specPoints === "number" ? specPoints : 10),
      gif: flags.gif,
      nmiSamples: nmiSamplesFor(run.spec.evaluate),
    }).catch((e: unknown) => {
      throw e instanceof RangeError ? new CliError(e.message) : e;
    });
    process.stdout.write(
      `latents (rows, by KL): ${rows.length > 0 ? rows.join(", ") : "none"}${collapsed.length > 0 ? `; collapsed (KL < ${COLLAPSED_KL} nats): ${collapsed.join(", ")}` : ""}\n${files.map((f) => `wrote ${f}`).join("\n")}\n`,
    );
    return 0;
  } finally {
    run.dispose();
  }
}
