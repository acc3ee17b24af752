/**
 * `planModel`: a `ModelIR` (and the spans lowering recorded beside it) → the `TrainingPlan`.
 * Pure and deterministic; throws (an internal error, DIS4001 in the driver) only on an IR the
 * checker should have rejected. Without `spans` (an IR read back from a run's config.json)
 * every span is null.
 */
import type { ModelIR, ResolvedArgs } from "../ir/types.js";
import type { ModelSpans } from "../ir/spans.js";
import { planForward } from "./forward.js";
import { foldObjective, planObjective } from "./objective.js";
import { planPhases } from "./phases.js";
import { termReads } from "./reads.js";
import { registry as builtinRegistry } from "../../stdlib/registry.js";
import type { RegistryLike } from "../check/types.js";
import type {
  EvaluationPlan,
  FoldExpr,
  SchedulePlan,
  TermPlan,
  TrainingPlan,
  Values,
} from "./types.js";

const values = (args: ResolvedArgs): Values =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.value]));

/** The schedules of an annotated objective, by index. */
function schedulesOf(expr: FoldExpr, spans: ModelSpans | undefined): SchedulePlan[] {
  const out: SchedulePlan[] = [];
  foldObjective<void>(expr, {
    term: () => undefined,
    const: () => undefined,
    schedule: (n) => {
      const index = n.index ?? out.length;
      out.push({
        index,
        entry: n.entry,
        args: values(n.args),
        span: spans?.schedules[index] ?? null,
      });
    },
    unary: () => undefined,
    binary: () => undefined,
  });
  return out;
}

/**
 * The training plan of `ir`; `registry` (default: the built-ins) also holds the spec's user
 * entries, whose `reads` the terms' reads come from. Throws only on an IR the checker should
 * have refused (an internal error).
 */
export function planModel(
  ir: ModelIR,
  spans?: ModelSpans,
  registry: RegistryLike = builtinRegistry,
): TrainingPlan {
  const objective = planObjective(ir.objective);
  const phases = planPhases(ir, objective.expr, spans);
  const terms = ir.terms.map((t, i): TermPlan => {
    const { reads, readsFrom } = termReads(t, ir, registry);
    return {
      id: t.id,
      entry: t.entry,
      args: values(t.args),
      reads,
      readsFrom,
      updates: t.updates,
      phases: phases.filter((p) => p.terms.includes(t.id)).map((p) => p.name),
      ...(t.module !== undefined ? { module: t.module } : {}),
      span: spans?.terms[i] ?? null,
    };
  });
  const e = ir.evaluate;
  const evaluation: EvaluationPlan | null = e && {
    every: e.every.value,
    metrics: e.metrics.map((m) => ({ name: m.name, args: values(m.args) })),
    traversals: values(e.traversals),
    span: spans?.evaluate ?? null,
  };
  return {
    planVersion: 1,
    model: ir.name,
    backbone: ir.backbone,
    source: ir.source,
    span: spans?.model ?? null,
    data: {
      dataset: ir.data.dataset,
      args: values(ir.data.args),
      imageShape: ir.data.imageShape,
      span: spans?.data ?? null,
    },
    variables: ir.variables.map((v, i) => ({
      name: v.name,
      role: v.role,
      distribution: v.distribution,
      size: v.size,
      shape: v.shape,
      posterior: v.hasPosterior,
      span: spans?.variables[i] ?? null,
    })),
    forward: planForward(ir, spans),
    terms,
    objective,
    phases,
    schedules: schedulesOf(objective.expr, spans),
    training: {
      steps: ir.train.steps.value,
      seed: ir.train.seed.value,
      batchSize: ir.train.batchSize.value,
      clipNorm: ir.train.clipNorm.value,
      logEvery: ir.train.logEvery.value,
      checkpointEvery: ir.train.checkpointEvery.value,
    },
    evaluation,
  };
}
