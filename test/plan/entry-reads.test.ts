/**
 * Entries defined once: every built-in penalty states the tensors it reads beside its compute
 * (PenaltyDef.reads), so no plan term of the standard library is inferred; the PyTorch target's
 * support table for penalties and schedules is exactly the entries with a `pytorch`
 * implementation, and each prints a call into disc_torch.
 */
import { describe, expect, it } from "vitest";
import { PYTORCH_SUPPORT } from "../../compiler/emit/pytorch/support.js";
import { registry } from "../../stdlib/registry.js";
import type { PenaltyDef, ScheduleDef } from "../../stdlib/types.js";

const penalties = registry.list("penalty") as PenaltyDef[];

describe("entries defined once", () => {
  it("every built-in penalty declares its reads", () => {
    const missing = penalties.filter((p) => p.reads === undefined).map((p) => p.name);
    expect(missing, "add `reads` beside compute").toEqual([]);
  });

  it("the PyTorch support table is the entries that carry a pytorch implementation", () => {
    expect([...PYTORCH_SUPPORT.penalties].sort()).toEqual(
      penalties
        .filter((p) => p.pytorch)
        .map((p) => p.name)
        .sort(),
    );
    const schedules = registry.list("schedule") as ScheduleDef[];
    expect([...PYTORCH_SUPPORT.schedules].sort()).toEqual(
      schedules
        .filter((s) => s.pytorch)
        .map((s) => s.name)
        .sort(),
    );
    expect(PYTORCH_SUPPORT.penalties).toContain("total_correlation");
    expect(PYTORCH_SUPPORT.penalties).not.toContain("gan");
  });

  it("a penalty's pytorch call names its latent's tensors and reads tunable arguments from hp", () => {
    const kl = registry.lookup("penalty", "kl") as PenaltyDef;
    const call = {
      id: "kl_z",
      value: (n: string) => ({ latent: "z" })[n],
      arg: (n: string) => `hp["terms"]["kl_z"][${JSON.stringify(n)}]`,
      latent: (v: string) => ({ sample: v, mu: `${v}_mu`, logvar: `${v}_logvar` }),
      nll: (v: string) => `P.bernoulli_nll(${v}, out[${JSON.stringify(v)}])`,
    };
    expect(kl.pytorch!(call)).toBe("P.gaussian_kl(z_mu, z_logvar)");
    const tc = registry.lookup("penalty", "total_correlation") as PenaltyDef;
    expect(tc.pytorch!({ ...call, value: (n) => ({ latent: "z", estimator: "mws" })[n] })).toBe(
      'P.total_correlation(z, z_mu, z_logvar, hp["terms"]["kl_z"]["estimator"], dataset_size, hp["terms"]["kl_z"]["constants"])',
    );
  });
});
