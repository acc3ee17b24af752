/**
 * Grid values checked where their param is read (DIS2021): the model is checked once more for
 * every grid value that differs from the param's current value, with only that param changed,
 * so `disc check` finds a value no run of the study could compile (`lr: [-1]` where `adam`'s
 * `lr` must be positive) before any run starts. Combinations of values are not checked (their
 * product may be large); each run's own compile checks its combination.
 */
import type { GridBlock, Span, StudyBlock } from "../../grammar/ast.js";
import type { Diagnostic } from "../diagnostics/types.js";
import type { ParamValue } from "../study/types.js";
import type { CheckContext } from "./context.js";
import { formatParam } from "./params.js";
import type { CheckedModel } from "./types.js";

/** Checks the model with `name` set to `value` (others as in this compile); its diagnostics. */
export type Recheck = (name: string, value: ParamValue) => readonly Diagnostic[];

/** Spans of the values of axis `name` in `block`'s grid, in order. */
function valueSpans(block: StudyBlock, name: string): readonly Span[] {
  const grid = block.items.find((i): i is GridBlock => i.kind === "Grid");
  const entry = grid?.entries.find((e) => e.key.name === name);
  return entry?.value.kind === "List" ? entry.value.items.map((v) => v.span) : [];
}

/**
 * Reports DIS2021 at every grid value of `m`'s study with which `recheck` finds an error,
 * pointing at the first error (related) and passing on its hint.
 */
export function recheckGrid(ctx: CheckContext, m: CheckedModel, recheck: Recheck): void {
  const block = m.decl.items.find((i): i is StudyBlock => i.kind === "Study");
  if (!m.study || !block) return;
  for (const axis of m.study.axes) {
    const p = m.params.find((q) => q.name === axis.name);
    const spans = valueSpans(block, axis.name);
    axis.values.forEach((v, i) => {
      const span = spans[i];
      if (!p || span === undefined || v === p.value) return;
      const error = recheck(axis.name, v).find((d) => d.severity === "error");
      if (error === undefined) return;
      const shown = formatParam(v, p.unit);
      ctx.report(
        "DIS2021",
        span,
        `With \`${axis.name} = ${shown}\` the model does not check where \`${axis.name}\` is read.`,
        {
          hint: error.hint ?? `remove \`${shown}\` from the axis.`,
          related: [{ span: error.span, message: error.message }],
        },
      );
    });
  }
}
