/**
 * Checking one argument expression against a parameter type and evaluating it to an ArgValue.
 * Value conventions follow stdlib/args.ts: refs → the name; `100k steps` → 100000; `4 x 4` →
 * [4, 4]; an entry call → { entry, args }; a range `a -> b` → { from: a, to: b }.
 */
import type { Expr, Ref } from "../../grammar/ast.js";
import type { ArgValue, ParamType, ScheduleDef } from "../../stdlib/types.js";
import { closest, didYouMean } from "../diagnostics/suggest.js";
import { article, describeSymbol, type CheckContext } from "./context.js";
import { resolveCall } from "./args.js";
import { epochsToSteps } from "./epochs.js";
import type { SymbolInfo } from "./types.js";

/** Where a value is being checked: the scope and the words for messages. */
export interface ValueSite {
  readonly scope: ReadonlyMap<string, SymbolInfo>;
  /** e.g. "`lr` of `adam`". */
  readonly what: string;
  /** A valid way to write it, e.g. "hidden: 256", for hints. */
  readonly example?: string;
}

/** An ArgValue as it would be written in a spec (for hints). */
export function formatValue(v: ArgValue): string {
  if (typeof v === "string")
    return v === "" ? '""' : /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? v : JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(", ")}]`;
  const r = v as { readonly [k: string]: ArgValue };
  if (typeof r["entry"] === "string" && r["args"] && typeof r["args"] === "object") {
    return `${r["entry"]}(${Object.entries(r["args"] as Record<string, ArgValue>)
      .map(([k, x]) => `${k}: ${formatValue(x)}`)
      .join(", ")})`;
  }
  return `(${Object.entries(r)
    .map(([k, x]) => `${k}: ${formatValue(x)}`)
    .join(", ")})`;
}

/** A short description of an expression's kind for "got …" messages. */
export function describeExpr(e: Expr): string {
  switch (e.kind) {
    case "Number":
      return e.unit ? `\`${e.text} ${e.unit}\`` : `the number \`${e.text}\``;
    case "String":
      return "a string";
    case "Ref":
      return `\`${e.name}\``;
    case "Call":
      return `a call of \`${e.callee.name}\``;
    case "Binary":
    case "Unary":
      return "an arithmetic expression";
    case "List":
      return "a list";
    case "Record":
      return "a record";
    case "Range":
      return "a range";
    case "Shape":
      return "a shape";
  }
}

/** True for a node the parser made up while recovering (an empty name): never reported twice. */
export function isPlaceholder(e: Expr): boolean {
  return (e.kind === "Ref" && e.name === "") || (e.kind === "Call" && e.callee.name === "");
}

/** A plain number literal (optionally negated), or undefined. */
export function numericLiteral(
  e: Expr,
): { value: number; unit?: string; text: string } | undefined {
  if (e.kind === "Number") return { value: e.value, unit: e.unit, text: e.text };
  if (e.kind === "Unary" && e.operand.kind === "Number") {
    return { value: -e.operand.value, unit: e.operand.unit, text: `-${e.operand.text}` };
  }
  return undefined;
}

function typeWord(t: ParamType): string {
  switch (t.kind) {
    case "number":
      return t.unit ? `a number of ${t.unit}` : t.integer ? "an integer" : "a number";
    case "bool":
      return "true or false";
    case "string":
      return "a string";
    case "enum":
      return `one of ${t.values.map((v) => `\`${v}\``).join(", ")}`;
    case "list":
      return `a list of ${typeWord(t.of).replace(/^(a|an|one of) /, "")}`;
    case "shape":
      return "a size such as `10` or `4 x 4`";
    case "ref":
      return `the name of a declared ${t.of.map((k) => (k === "observed" ? "observed variable" : k)).join(" or ")}`;
    case "entry":
      return `${article(t.of)} ${t.of} such as \`${t.of === "optimizer" ? "adam(lr: 1e-4)" : "…"}\``;
    case "record":
      return "a record `(name: value, …)`";
  }
}

/** "did you mean the param `lr`?" when `name` is a near miss of a param in scope. */
function paramHint(ctx: CheckContext, site: ValueSite, name: string): string | undefined {
  if (!ctx.mayHint()) return undefined;
  const params = [...site.scope.values()].filter((s) => s.kind === "param").map((s) => s.name);
  const near = closest(name, params);
  return near === undefined ? undefined : `did you mean the param \`${near}\`?`;
}

function wrongType(ctx: CheckContext, site: ValueSite, t: ParamType, e: Expr): undefined {
  ctx.report(
    "DIS2004",
    e.span,
    `${site.what} expects ${typeWord(t)}, but got ${describeExpr(e)}.`,
    {
      hint:
        (e.kind === "Ref" ? paramHint(ctx, site, e.name) : undefined) ??
        (site.example ? `for example \`${site.example}\`.` : undefined),
    },
  );
  return undefined;
}

function checkNumber(
  ctx: CheckContext,
  site: ValueSite,
  t: Extract<ParamType, { kind: "number" }>,
  e: Expr,
): ArgValue | undefined {
  if (t.schedulable && e.kind === "Call") {
    const def = ctx.registry.lookup("schedule", e.callee.name) as ScheduleDef | undefined;
    if (def !== undefined) {
      const rc = resolveCall(ctx, site.scope, def, e.args, e.callee, e.span);
      return rc ? { schedule: def.name, args: plainArgs(rc.args) } : undefined;
    }
  }
  const lit = numericLiteral(e);
  if (lit === undefined) return wrongType(ctx, site, t, e);
  if (!Number.isFinite(lit.value)) return undefined; // a malformed number: the parser reported it (DIS1005)
  let { value, text } = lit;
  if (lit.unit === "epochs" && t.unit === "steps") {
    const steps = epochsToSteps(ctx, e, lit.value, lit.text, site.what);
    if (steps === undefined) return undefined;
    [value, text] = [steps, `${lit.text} epochs (${steps} steps)`];
  } else if (lit.unit !== undefined && lit.unit !== t.unit) {
    const want = t.unit ? `is in ${t.unit}` : "takes a plain number";
    ctx.report("DIS2005", e.span, `${site.what} ${want}, not ${lit.unit}.`, {
      hint: t.unit ? `write \`${lit.text} ${t.unit}\`.` : `write \`${lit.text}\`.`,
    });
    return undefined;
  }
  if (t.integer && !Number.isInteger(value)) {
    ctx.report("DIS2012", e.span, `${site.what} must be an integer, but got \`${text}\`.`);
    return undefined;
  }
  if (t.integer && !Number.isSafeInteger(value)) {
    ctx.report(
      "DIS2012",
      e.span,
      `${site.what} must be an exact integer (at most 2^53 − 1), but got \`${text}\`.`,
    );
    return undefined;
  }
  if ((t.min !== undefined && value < t.min) || (t.max !== undefined && value > t.max)) {
    const range =
      t.min !== undefined && t.max !== undefined
        ? `between ${t.min} and ${t.max}`
        : t.min !== undefined
          ? `at least ${t.min}`
          : `at most ${t.max}`;
    ctx.report("DIS2012", e.span, `${site.what} must be ${range}, but got \`${text}\`.`);
    return undefined;
  }
  return value;
}

function checkRef(
  ctx: CheckContext,
  site: ValueSite,
  t: Extract<ParamType, { kind: "ref" }>,
  e: Ref,
): ArgValue | undefined {
  const sym = site.scope.get(e.name);
  if (sym === undefined) {
    ctx.report("DIS2007", e.span, `\`${e.name}\` is not declared.`, {
      hint: ctx.scopeHint(e.name, site.scope, t.of) ?? ctx.scopeHint(e.name, site.scope),
    });
    return undefined;
  }
  const kinds: readonly string[] = t.of;
  if (!kinds.includes(sym.kind)) {
    const fits = [...site.scope.values()]
      .filter((s) => kinds.includes(s.kind))
      .map((s) => `\`${s.name}\``);
    ctx.report(
      "DIS2004",
      e.span,
      `${site.what} expects ${typeWord(t)}, but \`${e.name}\` is ${describeSymbol(sym)}.`,
      {
        hint: fits.length > 0 ? `declared names that fit: ${fits.join(", ")}.` : undefined,
        related: [{ span: sym.span, message: `\`${sym.name}\` is declared here.` }],
      },
    );
    return undefined;
  }
  return e.name;
}

/**
 * Checks `e` against `t`, reporting DIS2004/2005/2007/2012/2013 at the offending span.
 * Returns the evaluated value, or undefined after reporting an error.
 */
export function checkValue(
  ctx: CheckContext,
  site: ValueSite,
  t: ParamType,
  e: Expr,
): ArgValue | undefined {
  if (isPlaceholder(e)) return undefined; // recovered from a syntax error, already reported
  switch (t.kind) {
    case "number":
      return checkNumber(ctx, site, t, e);
    case "bool":
      if (e.kind === "Ref" && (e.name === "true" || e.name === "false")) return e.name === "true";
      return wrongType(ctx, site, t, e);
    case "string":
      if (e.kind === "String") return e.value;
      if (e.kind === "Ref") return e.name; // bare words name things: `concepts: [angle, light]`
      return wrongType(ctx, site, t, e);
    case "enum": {
      const word = e.kind === "Ref" ? e.name : e.kind === "String" ? e.value : undefined;
      if (word === undefined) return wrongType(ctx, site, t, e);
      if (t.values.includes(word)) return word;
      ctx.report("DIS2013", e.span, `${site.what} must be ${typeWord(t)}, not \`${word}\`.`, {
        hint: didYouMean(word, t.values, 0) ?? paramHint(ctx, site, word),
      });
      return undefined;
    }
    case "list": {
      if (e.kind === "Range") return checkRange(ctx, site, e, (a, b) => [a, b]);
      if (e.kind !== "List") return wrongType(ctx, site, t, e);
      const out: ArgValue[] = [];
      let ok = true;
      for (const item of e.items) {
        const v = checkValue(ctx, site, t.of, item);
        if (v === undefined) ok = false;
        else out.push(v);
      }
      return ok ? out : undefined;
    }
    case "shape":
      if (e.kind === "Shape") {
        const dims = e.dims.map((d) => d.value);
        if (dims.every((d) => Number.isSafeInteger(d) && d >= 1)) return dims;
        ctx.report("DIS2012", e.span, `${site.what} must have positive integer dimensions.`);
        return undefined;
      }
      return checkNumber(ctx, site, { kind: "number", integer: true, min: 1 }, e);
    case "ref":
      if (e.kind !== "Ref") return wrongType(ctx, site, t, e);
      return checkRef(ctx, site, t, e);
    case "entry": {
      const callee =
        e.kind === "Call"
          ? e.callee
          : e.kind === "Ref"
            ? { name: e.name, span: e.span }
            : undefined;
      if (callee === undefined) return wrongType(ctx, site, t, e);
      const def = ctx.lookup([t.of], callee);
      if (def === undefined) return undefined;
      const rc = resolveCall(ctx, site.scope, def, e.kind === "Call" ? e.args : [], callee, e.span);
      return rc ? { entry: def.name, args: plainArgs(rc.args) } : undefined;
    }
    case "record":
      if (e.kind === "Range") return checkRange(ctx, site, e, (from, to) => ({ from, to }));
      if (e.kind !== "Record") return wrongType(ctx, site, t, e);
      return inferValue(e);
  }
}

function checkRange(
  ctx: CheckContext,
  site: ValueSite,
  e: Extract<Expr, { kind: "Range" }>,
  make: (from: number, to: number) => ArgValue,
): ArgValue | undefined {
  const a = checkNumber(ctx, site, { kind: "number" }, e.from);
  const b = checkNumber(ctx, site, { kind: "number" }, e.to);
  return typeof a === "number" && typeof b === "number" ? make(a, b) : undefined;
}

/** Evaluates an untyped expression (record fields): numbers, strings, words, lists, records. */
export function inferValue(e: Expr): ArgValue {
  const lit = numericLiteral(e);
  if (lit) return lit.value;
  switch (e.kind) {
    case "String":
      return e.value;
    case "Ref":
      return e.name === "true" ? true : e.name === "false" ? false : e.name;
    case "List":
      return e.items.map(inferValue);
    case "Record":
      return Object.fromEntries(
        e.fields.map((f, i) => [f.name?.name ?? String(i), inferValue(f.value)]),
      );
    case "Range":
      return { from: inferValue(e.from), to: inferValue(e.to) };
    case "Shape":
      return e.dims.map((d) => d.value);
    case "Call":
      return {
        entry: e.callee.name,
        args: Object.fromEntries(
          e.args.map((a, i) => [a.name?.name ?? String(i), inferValue(a.value)]),
        ),
      };
    default:
      return 0;
  }
}

/** Strips provenance: { name: Resolved } → { name: value }. */
export function plainArgs(
  args: Readonly<Record<string, { readonly value: ArgValue }>>,
): Record<string, ArgValue> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.value]));
}
