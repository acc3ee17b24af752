/**
 * A study (or a run) started by one disc version and resumed by another: the IR may gain or lose
 * fields (a new entry parameter with its default, irVersion) without the spec changing. Those are
 * not configuration changes (compiler/study/fingerprint.ts onlyFormatChanges): `disc study` skips
 * or resumes such runs (plan-runs.ts) and `disc train --resume` accepts them (resume-changes.ts);
 * a changed value or an added term is still refused.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { safeChanges } from "../../compiler/cli/resume-changes.js";
import type { ModelIR } from "../../compiler/ir/types.js";
import { onlyFormatChanges } from "../../compiler/study/fingerprint.js";
import type { ResolvedRun } from "../../compiler/study/load.js";
import { planRun } from "../../compiler/study/plan-runs.js";
import type { RunState } from "../../runtime/study/state.js";

const config = (extra: Record<string, unknown> = {}, lr = 1e-3, terms = ["recon", "kl"]) => ({
  irVersion: 1,
  networks: [{ name: "encoder", arch: "conv64", args: { hidden: { value: 256 }, ...extra } }],
  terms: terms.map((entry) => ({ id: entry, entry, args: {} })),
  train: { steps: { value: 100 }, optimizers: [{ target: "main", args: { lr: { value: lr } } }] },
});

describe("configuration changes that are only disc's format", () => {
  it("a field one side lacks (and irVersion) is format; values, array lengths are not", () => {
    const old = config();
    expect(onlyFormatChanges(old, config({ init: { value: "glorot" } }))).toBe(true);
    expect(onlyFormatChanges(config({ init: { value: "glorot" } }), old)).toBe(true);
    expect(onlyFormatChanges(old, { ...config(), irVersion: 2 })).toBe(true);
    expect(onlyFormatChanges(old, config())).toBe(false); // no change at all
    expect(onlyFormatChanges(old, config({}, 5e-4))).toBe(false);
    expect(onlyFormatChanges(old, config({}, 1e-3, ["recon", "kl", "dip"]))).toBe(false);
    expect(onlyFormatChanges(old, config({ hidden: { value: 128 } }))).toBe(false);
    // a PyTorch run's configuration wraps the IR with its target (compiler/study/load.ts)
    expect(onlyFormatChanges({ target: "pytorch", ir: old }, old)).toBe(false);
    expect(onlyFormatChanges(old, { ...config({ init: { value: "glorot" } }), irVersion: 2 })).toBe(
      true,
    );
  });

  const run = (configuration: unknown): ResolvedRun =>
    ({
      index: 0,
      slug: "000-s0",
      configuration,
      fingerprint: JSON.stringify(configuration),
    }) as unknown as ResolvedRun;
  const state = (configuration: unknown, status: RunState["status"]): RunState =>
    ({
      index: 0,
      slug: "000-s0",
      configuration,
      fingerprint: JSON.stringify(configuration),
      status,
    }) as unknown as RunState;
  const empty = mkdtempSync(join(tmpdir(), "disc-format-"));

  it("disc study skips a finished run and restarts an interrupted one across a format change", () => {
    const newer = config({ init: { value: "glorot" } });
    expect(planRun(run(newer), state(config(), "finished"), empty)).toEqual({ kind: "skip" });
    expect(planRun(run(newer), state(config(), "interrupted"), empty)).toEqual({ kind: "start" });
    const refused = planRun(run(config({}, 5e-4)), state(config(), "finished"), empty);
    expect(refused.kind).toBe("refuse");
  });

  it("disc train --resume accepts a format change and still reports safe changes", () => {
    const old = config();
    const next = config({ init: { value: "glorot" } }, 5e-4) as unknown as ModelIR;
    expect(safeChanges(old, next)).toEqual([{ what: "main optimizer's lr", from: 1e-3, to: 5e-4 }]);
    const other = config({ hidden: { value: 128 } }) as unknown as ModelIR;
    expect(safeChanges(old, other)).toBeUndefined();
  });
});
