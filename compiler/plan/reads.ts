/**
 * The tensors each loss term reads: an entry states its own (`PenaltyDef.reads`, beside its
 * `compute` in stdlib/penalties/); for an entry without `reads` they are inferred from its
 * reference arguments: a latent's posterior (or sample), an observation and the output that models it,
 * an scm's adjacency. Tensor names: compiler/plan/types.ts.
 */
import { registry as builtinRegistry } from "../../stdlib/registry.js";
import type { RegistryLike } from "../check/types.js";
import { posteriorReads } from "../../stdlib/penalties/context.js";
import type { PenaltyDef } from "../../stdlib/types.js";
import type { ModelIR, TermIR } from "../ir/types.js";
import type { TensorName, TermPlan } from "./types.js";

/**
 * What a term reads: its entry's own `reads` (stdlib/penalties/*.ts, or a user entry's) for its
 * resolved arguments, else (an entry without `reads`) what its arguments refer to. `registry`
 * holds the spec's user entries too.
 */
export function termReads(
  t: TermIR,
  ir: ModelIR,
  registry: RegistryLike = builtinRegistry,
): { reads: TensorName[]; readsFrom: TermPlan["readsFrom"] } {
  const def = registry.lookup("penalty", t.entry) as PenaltyDef | undefined;
  if (def?.reads === undefined) return { reads: inferred(t, ir), readsFrom: "arguments" };
  const args = Object.fromEntries(Object.entries(t.args).map(([k, v]) => [k, v.value]));
  const model = { hasScmOver: (v: string) => ir.scms.some((s) => s.over === v) };
  return { reads: [...def.reads(args, model)], readsFrom: "entry" };
}

/** The reads of an entry disc knows nothing about, from the names its arguments refer to. */
function inferred(t: TermIR, ir: ModelIR): TensorName[] {
  const out: TensorName[] = [];
  for (const r of Object.values(t.args)) {
    if (typeof r.value !== "string") continue;
    const name = r.value;
    const v = ir.variables.find((x) => x.name === name);
    if (v) out.push(...(v.hasPosterior ? posteriorReads(name) : [`latents.${name}.sample`]));
    else if (name === "x" || name === "y") {
      out.push(name);
      if (ir.networks.some((n) => n.outputs.includes(name))) out.push(`outputs.${name}`);
    } else if (ir.scms.some((s) => s.name === name)) out.push(`extra.${name}`);
  }
  return [...new Set(out)];
}
