/**
 * Params, the checks: a param's value is a literal (DIS2019), a value given through
 * `FrontEndOptions.params` fits the param's type and unit (DIS2019) and names a param
 * (DIS2018), a param's name is no word of the library a reference could mean instead (DIS2020),
 * and a declared param is read somewhere (DIS3019, a warning). Duplicates and clashes with other
 * declared names are the scope's DIS2006 (scope.ts); such a param is never substituted.
 */
import type { ModelDecl, ParamDecl, Program, StudyBlock } from "../../grammar/ast.js";
import { numberValue } from "../../grammar/tokens.js";
import { FILE_START } from "../diagnostics/make.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { ParamValue } from "../study/types.js";
import type { CheckContext } from "./context.js";
import { libraryWords } from "./library-words.js";
import {
  formatParam,
  paramLiteral,
  writtenDefault,
  type CheckedParam,
  type ParamLiteral,
} from "./params.js";
import { describeExpr, isPlaceholder } from "./values.js";

/** Values given for params (`FrontEndOptions.params`), by name. */
export type ParamOverrides = Readonly<Record<string, ParamValue>>;

const UNIT_WORDS = /^(-?)(\S+?)(?:\s+(steps|nats|epochs))?$/;

/** `given` as the value of a param declared as `lit`: the value to use, or why it does not fit. */
function coerce(given: ParamValue, lit: ParamLiteral): { value: ParamValue } | { why: string } {
  if (typeof lit.value === "number") {
    if (typeof given === "number")
      return Number.isFinite(given) ? { value: given } : { why: `\`${given}\`, not a number` };
    const m = UNIT_WORDS.exec(given.trim());
    const n = m ? numberValue(m[2]!) : NaN;
    if (!m || !Number.isFinite(n)) return { why: `the name \`${given}\`` };
    if (m[3] !== undefined && m[3] !== lit.unit)
      return {
        why: `in ${m[3]}${lit.unit ? `, not ${lit.unit}` : ", but it takes a plain number"}`,
      };
    return { value: m[1] ? -n : n };
  }
  if (typeof given === "number") return { why: `the number \`${given}\`` };
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(given) ? { value: given } : { why: `\`${given}\`` };
}

/** What a param declared as `lit` takes, for messages: "a number of nats", "a name". */
function kindOf(lit: ParamLiteral): string {
  if (typeof lit.value === "string") return "a name";
  return lit.unit ? `a number of ${lit.unit}` : "a number";
}

/** One `param` declaration as a table entry (null after reporting an error). */
function checkParam(
  ctx: CheckContext,
  d: ParamDecl,
  overrides: ParamOverrides,
): CheckedParam | null {
  const name = d.name.name;
  const lit = paramLiteral(d.value);
  if (lit === undefined) {
    if (!isPlaceholder(d.value))
      ctx.report(
        "DIS2019",
        d.value.span,
        `A param's value is a number or a name, but this is ${describeExpr(d.value)}.`,
        { hint: "write e.g. `param beta = 4.0`, `param C = 25 nats` or `param est = mss`." },
      );
    return null;
  }
  let value = lit.value;
  const overridden = Object.hasOwn(overrides, name);
  if (overridden) {
    const r = coerce(overrides[name]!, lit);
    if ("why" in r) {
      ctx.report(
        "DIS2019",
        d.name.span,
        `\`${name}\` takes ${kindOf(lit)} (its default is \`${formatParam(lit.value, lit.unit)}\`), but the value given for it is ${r.why}.`,
        { hint: `give e.g. \`${name}=${lit.text}\`.` },
      );
      return null;
    }
    value = r.value;
  }
  const from = overridden
    ? `param ${name} = ${formatParam(value, lit.unit)} (--set)`
    : `param ${name} (${ctx.from(d.span)})`;
  return {
    name,
    span: d.span,
    nameSpan: d.name.span,
    default: lit.value,
    value,
    ...(lit.unit ? { unit: lit.unit } : {}),
    text: lit.text,
    overridden,
    from,
    reads: [],
  };
}

/**
 * The params of `model` with the values this compile uses (`overrides` replace defaults).
 * Reports DIS2019 for a value that is not a literal or an override of the wrong type or unit.
 * The first declaration of a name wins (a second is the scope's DIS2006).
 */
export function collectParams(
  ctx: CheckContext,
  model: ModelDecl,
  overrides: ParamOverrides,
): Map<string, CheckedParam | null> {
  const table = new Map<string, CheckedParam | null>();
  const taken = declaredNames(model);
  const words = libraryWords(ctx.registry);
  for (const it of model.items ?? []) {
    if (it.kind !== "Param" || !it.name || it.name.name === "") continue;
    const name = it.name.name;
    if (table.has(name) || taken.has(name)) continue;
    const what = words.get(name);
    if (what !== undefined) {
      ctx.report(
        "DIS2020",
        it.name.span,
        `The param name \`${name}\` is also ${what}, so reading it would be ambiguous.`,
        { hint: `give the param another name, e.g. \`${name}_value\`.` },
      );
      table.set(name, null);
    } else table.set(name, checkParam(ctx, it, overrides));
  }
  return table;
}

/**
 * The names the model's other items declare (and `x`): a param named so is the scope's
 * DIS2006, and a reference by that name keeps meaning the other declaration.
 */
function declaredNames(model: ModelDecl): Set<string> {
  const out = new Set(["x"]);
  for (const it of model.items ?? []) {
    if ((it.kind === "Variable" || it.kind === "Scm") && it.name) out.add(it.name.name);
    if (it.kind === "Network") out.add((it.name ?? { name: it.role }).name);
  }
  return out;
}

/**
 * Points each diagnostic reported since index `start` whose span is a param read at the
 * param's declaration (related info), since the fix usually belongs there.
 */
export function annotateParamReads(
  ctx: CheckContext,
  start: number,
  table: ReadonlyMap<string, CheckedParam | null>,
): void {
  const at = new Map<string, CheckedParam>();
  for (const p of table.values())
    for (const s of p?.reads ?? []) at.set(`${s.start.offset}:${s.end.offset}`, p!);
  for (let i = start; i < ctx.diagnostics.length; i++) {
    const d = ctx.diagnostics[i]!;
    const p = at.get(`${d.span.start.offset}:${d.span.end.offset}`);
    if (!p) continue;
    const message = p.overridden
      ? `\`${p.name}\` is the param declared here, given \`${formatParam(p.value, p.unit)}\` (--set).`
      : `\`${p.name}\` is the param declared here as \`${writtenDefault(p)}\`.`;
    // "write `25 nats`." (DIS2005) is a fix for the declaration, not the reference
    const fix = /^write `([^`]*)`\.$/.exec(d.hint ?? "");
    const hint = fix && !p.overridden ? `declare it as \`param ${p.name} = ${fix[1]}\`.` : d.hint;
    ctx.diagnostics[i] = {
      ...d,
      ...(hint !== undefined ? { hint } : {}),
      related: [...(d.related ?? []), { span: p.span, message }],
    };
  }
}

/** DIS3019 for every valid param no expression reads, except grid axes (check-study's DIS3020). */
export function checkUnusedParams(
  ctx: CheckContext,
  table: ReadonlyMap<string, CheckedParam | null>,
  study: StudyBlock | undefined,
): void {
  const axes = new Set(
    (study?.items ?? []).flatMap((g) =>
      g.kind === "Grid" ? g.entries.map((e) => e.key.name) : [],
    ),
  );
  for (const p of table.values()) {
    if (!p || p.reads.length > 0 || axes.has(p.name)) continue;
    ctx.report("DIS3019", p.nameSpan, `The param \`${p.name}\` is never read.`, {
      hint: `read it where its value belongs (e.g. \`${p.name} * kl(z)\`), or remove it.`,
    });
  }
}

/** DIS2018 (at the file start) for each override that names no param of any model. */
export function checkOverrideNames(
  ctx: CheckContext,
  program: Program,
  overrides: ParamOverrides,
): void {
  const names = (program.models ?? []).flatMap((m) =>
    (m.items ?? []).flatMap((it) => (it.kind === "Param" && it.name ? [it.name.name] : [])),
  );
  for (const given of Object.keys(overrides)) {
    if (names.includes(given)) continue;
    ctx.report(
      "DIS2018",
      FILE_START,
      `A value is given for \`${given}\`, but no model declares a param \`${given}\`.`,
      {
        hint:
          didYouMean(given, names) ??
          (names.length === 0 ? "declare it in the model: `param " + given + " = …`." : undefined),
      },
    );
  }
}
