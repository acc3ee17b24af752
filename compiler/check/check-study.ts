/**
 * Validation of `study { seeds: …  grid { … } }` into a `StudySpec` (compiler/study/types.ts):
 * `seeds` is a list of distinct non-negative integers or a count (`seeds: 5` is 0..4; absent:
 * the train seed); each grid axis names a declared, read param and lists values of the param's
 * type and unit. The expansion order (last axis fastest, seeds innermost) is compiler/study's.
 */
import type { Entry, Expr, GridBlock, Span, StudyBlock } from "../../grammar/ast.js";
import type { ParamValue, StudyAxis, StudySpec } from "../study/types.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { knownEntries } from "./check-train.js";
import { describeSymbol, type CheckContext } from "./context.js";
import { formatParam, paramLiteral, writtenDefault, type CheckedParam } from "./params.js";
import type { CheckedModel, SymbolInfo } from "./types.js";
import { checkSeeds } from "./study-seeds.js";
import { describeExpr, isPlaceholder } from "./values.js";

/** Above this many runs (configurations × seeds) a study is a warning (DIS3022). */
export const MAX_STUDY_RUNS = 1000;

/** What a study needs to know about its model. */
interface StudySite {
  readonly params: ReadonlyMap<string, CheckedParam | null>;
  readonly scope: ReadonlyMap<string, SymbolInfo>;
  /**
   * True when every read of a param is known: the model checked without errors (a misspelled
   * read is an error) and the parser did not skip any text.
   */
  readonly readsKnown: boolean;
}

/** One grid value of the axis of `p`: a literal of the param's type and unit. */
function axisValue(ctx: CheckContext, p: CheckedParam, e: Expr): ParamValue | undefined {
  if (isPlaceholder(e)) return undefined;
  const lit = paramLiteral(e);
  const want =
    typeof p.default === "number" ? (p.unit ? `a number of ${p.unit}` : "a number") : "a name";
  const decl = {
    related: [
      {
        span: p.span,
        message: `\`${p.name}\` is declared here as \`${writtenDefault(p)}\`.`,
      },
    ],
  };
  if (lit === undefined || typeof lit.value !== typeof p.default) {
    ctx.report(
      "DIS2019",
      e.span,
      `The param \`${p.name}\` takes ${want}, but this grid value is ${describeExpr(e)}.`,
      decl,
    );
    return undefined;
  }
  if (lit.unit !== undefined && lit.unit !== p.unit) {
    ctx.report(
      "DIS2019",
      e.span,
      `The param \`${p.name}\` is ${p.unit ? `in ${p.unit}` : "a plain number"}, but this grid value is in ${lit.unit}.`,
      {
        ...decl,
        hint: p.unit
          ? `write \`${lit.text} ${p.unit}\` or \`${lit.text}\`.`
          : `write \`${lit.text}\`.`,
      },
    );
    return undefined;
  }
  return lit.value;
}

/** One axis `beta: [1, 2, 4]`; undefined after reporting. */
function checkAxis(ctx: CheckContext, site: StudySite, e: Entry): StudyAxis | undefined {
  const name = e.key.name;
  if (!site.params.has(name)) {
    const sym = site.scope.get(name);
    ctx.report(
      "DIS2018",
      e.key.span,
      sym
        ? `A grid axis is a param, but \`${name}\` is ${describeSymbol(sym)}.`
        : `\`${name}\` is not a declared param, so it cannot be a grid axis.`,
      {
        hint:
          didYouMean(name, [...site.params.keys()]) ??
          `declare it in the model: \`param ${name} = …\`.`,
      },
    );
    return undefined;
  }
  const p = site.params.get(name);
  if (e.value.kind !== "List") {
    if (!isPlaceholder(e.value))
      ctx.report(
        "DIS2004",
        e.value.span,
        `A grid axis lists the values to try, but this is ${describeExpr(e.value)}.`,
        { hint: `write \`${name}: [${p ? p.text : "…"}, …]\`.` },
      );
    return undefined;
  }
  const items = e.value.items;
  if (items.length === 0) {
    ctx.report("DIS3018", e.value.span, `The grid axis \`${name}\` lists no value.`, {
      hint: "list at least one value, or remove the axis.",
    });
    return undefined;
  }
  if (!p) return undefined; // the param's own error is reported
  if (p.reads.length === 0 && site.readsKnown) {
    ctx.report(
      "DIS3020",
      e.key.span,
      `The grid varies \`${name}\`, but nothing reads that param, so every configuration would train the same model.`,
      {
        hint: `read \`${name}\` where its value belongs, or remove the axis.`,
        related: [{ span: p.nameSpan, message: `\`${name}\` is declared here.` }],
      },
    );
    return undefined;
  }
  const values = items.map((v) => axisValue(ctx, p, v));
  if (!values.every((v) => v !== undefined)) return undefined;
  const first = new Map<ParamValue, Span>();
  let repeats = false;
  values.forEach((v, i) => {
    const span = items[i]!.span;
    const prev = first.get(v);
    if (prev === undefined) return void first.set(v, span);
    repeats = true;
    ctx.report("DIS2011", span, `The axis \`${name}\` lists \`${formatParam(v, p.unit)}\` twice.`, {
      hint: "each value is one configuration; remove the repeat.",
      related: [{ span: prev, message: "It is first listed here." }],
    });
  });
  return repeats ? undefined : { name, values, span: e.span };
}

function checkGrid(ctx: CheckContext, site: StudySite, g: GridBlock): StudyAxis[] | undefined {
  const axes: StudyAxis[] = [];
  const seen = new Map<string, Span>();
  let ok = true;
  for (const e of g.entries) {
    if (!e.key || e.key.name === "") continue;
    const prev = seen.get(e.key.name);
    if (prev) {
      ctx.report("DIS2011", e.key.span, `The grid has \`${e.key.name}\` as an axis twice.`, {
        hint: "list all its values in one axis.",
        related: [{ span: prev, message: "The first axis is here." }],
      });
      ok = false;
      continue;
    }
    seen.set(e.key.name, e.key.span);
    if (e.qualifier) {
      ctx.report(
        "DIS2014",
        e.qualifier.span,
        "A grid axis takes no qualifier: write `NAME: [values]`.",
      );
      ok = false;
      continue;
    }
    const axis = checkAxis(ctx, site, e);
    if (axis) axes.push(axis);
    else ok = false;
  }
  return ok ? axes : undefined;
}

/**
 * Checks the study block of `m` (whose params are `table`). Returns its StudySpec — params with
 * their declared defaults, axes, seeds (the train seed without `seeds`) — or null after
 * reporting an error. A study of more than {@link MAX_STUDY_RUNS} runs is a warning (DIS3022).
 */
export function checkStudy(
  ctx: CheckContext,
  m: CheckedModel,
  table: ReadonlyMap<string, CheckedParam | null>,
  block: StudyBlock,
  readsKnown: boolean,
): StudySpec | null {
  const before = ctx.diagnostics.length;
  const site: StudySite = { params: table, scope: m.scope, readsKnown };
  const grids = block.items.filter((i): i is GridBlock => i.kind === "Grid");
  for (const extra of grids.slice(1))
    ctx.report("DIS2006", extra.keyword.span, "A study has one `grid`, but this is a second one.", {
      hint: "put all the axes in one `grid { … }`.",
      related: [{ span: grids[0]!.keyword.span, message: "The first `grid` is here." }],
    });
  const entries = block.items.filter((i): i is Entry => i.kind === "Entry");
  for (const e of entries.filter((x) => x.key?.name === "grid"))
    ctx.report("DIS2014", e.key.span, "`grid` is a block of axes, not a setting.", {
      hint: "write `grid { beta: [1, 2, 4] }` without the colon.",
    });
  const kept = knownEntries(
    ctx,
    entries.filter((x) => x.key?.name !== "grid"),
    ["seeds"],
    "study",
  );
  const seedsEntry = kept.find((e) => e.key.name === "seeds");
  const trainSeed = m.train.settings["seed"]?.value;
  const seeds = seedsEntry
    ? checkSeeds(ctx, seedsEntry.value)
    : [typeof trainSeed === "number" ? trainSeed : 0];
  const axes = grids[0] ? checkGrid(ctx, site, grids[0]) : [];
  if (seeds === undefined || axes === undefined || ctx.diagnostics.length !== before) return null;
  const configs = axes.reduce((n, a) => n * a.values.length, 1);
  const runs = configs * seeds.length;
  if (runs > MAX_STUDY_RUNS)
    ctx.report(
      "DIS3022",
      block.span,
      `This study trains ${runs.toLocaleString("en-US")} models (${configs} configurations × ${seeds.length} seeds).`,
      {
        hint: `that is more than ${MAX_STUDY_RUNS.toLocaleString("en-US")} runs; narrow the grid or the seeds, or split the study.`,
      },
    );
  const params = m.params.map((p) => ({
    name: p.name,
    value: p.default,
    ...(p.unit ? { unit: p.unit } : {}),
    span: p.span,
  }));
  return { model: m.decl.name?.name ?? "", params, axes, seeds, span: block.span };
}
