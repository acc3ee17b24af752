/**
 * Validation of `evaluate every N { metrics: [...], traversals: (...) }`: metrics are registry
 * entries (bare names or calls); supervised metrics need a data set with factors (DIS3013).
 */
import type { EvaluateBlock } from "../../grammar/ast.js";
import type { MetricDef, Signature } from "../../stdlib/types.js";
import { resolveArgs, resolveCall } from "./args.js";
import type { CheckContext } from "./context.js";
import { knownEntries } from "./check-train.js";
import type { CheckedData, CheckedEvaluate, ResolvedCall, SymbolInfo } from "./types.js";
import { checkValue } from "./values.js";

/** Latent traversal pictures drawn at each evaluation. */
export const TRAVERSAL_SIGNATURE: Signature = {
  params: [
    {
      name: "range",
      type: { kind: "number", min: 0 },
      default: 2.0,
      doc: "each latent is swept over [-range, range] around the posterior mean",
    },
    {
      name: "points",
      type: { kind: "number", integer: true, min: 2 },
      default: 10,
      doc: "values per traversal row",
    },
    {
      name: "samples",
      type: { kind: "number", integer: true, min: 1 },
      default: 1,
      doc: "input images traversed",
    },
  ],
  doc: "Latent traversals.",
  source: "Higgins et al. 2017, fig. 1.",
};

/** Checks an evaluate block. */
export function checkEvaluate(
  ctx: CheckContext,
  block: EvaluateBlock,
  scope: ReadonlyMap<string, SymbolInfo>,
  data: CheckedData | null,
): CheckedEvaluate {
  let every: CheckedEvaluate["every"] = null;
  if (block.every) {
    const v = checkValue(
      ctx,
      { scope, what: "`evaluate every`" },
      { kind: "number", unit: "steps", integer: true, min: 1 },
      block.every,
    );
    if (typeof v === "number")
      every = { value: v, from: ctx.valueFrom(block.every, block.every.span) };
  }
  const entries = knownEntries(ctx, block.entries ?? [], ["metrics", "traversals"], "evaluate");
  const metrics: ResolvedCall<MetricDef>[] = [];
  let traversals = Object.fromEntries(
    TRAVERSAL_SIGNATURE.params.map((p) => [p.name, { value: p.default!, from: "default" }]),
  );
  for (const e of entries) {
    if (e.key.name === "metrics") {
      const items = e.value.kind === "List" ? e.value.items : [e.value];
      for (const item of items) {
        const callee =
          item.kind === "Call"
            ? item.callee
            : item.kind === "Ref"
              ? { name: item.name, span: item.span }
              : undefined;
        if (callee === undefined) {
          ctx.report("DIS2004", item.span, "`metrics` lists metric names such as `mig` or `dci`.");
          continue;
        }
        const def = ctx.lookup<MetricDef>(["metric"], callee);
        if (def === undefined) continue;
        const call = resolveCall(
          ctx,
          scope,
          def,
          item.kind === "Call" ? item.args : [],
          callee,
          item.span,
        );
        if (call === undefined) continue;
        if (def.supervised && data !== null && data.factorNames.length === 0) {
          ctx.report(
            "DIS3013",
            item.span,
            `\`${def.name}\` scores against ground-truth factors, but \`${data.call.entry.name}\` has none.`,
            {
              hint: "use an unsupervised metric such as `gaussian_tc`, or a data set with factors such as `dsprites`.",
              related: [{ span: data.call.span, message: "The data set is declared here." }],
            },
          );
          continue;
        }
        metrics.push(call);
      }
    } else {
      if (e.value.kind !== "Record") {
        ctx.report(
          "DIS2004",
          e.value.span,
          "`traversals` expects a record such as `(range: 2.0)`.",
        );
        continue;
      }
      const r = resolveArgs(ctx, scope, TRAVERSAL_SIGNATURE, e.value.fields, {
        name: "traversals",
        span: e.key.span,
      });
      if (r) traversals = r.args;
    }
  }
  return { every, metrics, traversals, declSpan: block.span, from: ctx.from(block.span) };
}
