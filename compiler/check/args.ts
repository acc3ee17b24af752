/**
 * Resolving a call's arguments against an entry's signature: positional → named mapping,
 * unknown / duplicate / missing arguments, per-argument type checks, and defaults
 * (provenance "default").
 */
import type { Arg, Expr, Span } from "../../grammar/ast.js";
import type { AnyEntry, ParamSpec, Signature } from "../../stdlib/types.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { CheckContext } from "./context.js";
import type { ArgMap, ResolvedCall, SymbolInfo } from "./types.js";
import { checkValue, describeExpr, formatValue } from "./values.js";

/** The callee as messages name it. */
interface Callee {
  readonly name: string;
  readonly span: Span;
}

/** One argument bound to a parameter. */
interface Bound {
  readonly param: ParamSpec;
  readonly value: Expr;
  readonly span: Span;
}

/**
 * Binds `args` to `sig.params`. Positional arguments fill `positional` parameters in order;
 * a range `a -> b` given for a number parameter fills it and the next positional one.
 * Reports DIS2002 (unknown), DIS2010 (too many positional), DIS2011 (twice), DIS2015
 * (positional after named). Returns the bindings it could make.
 */
function bind(
  ctx: CheckContext,
  sig: Signature,
  args: readonly Arg[],
  callee: Callee,
): Map<string, Bound> {
  const bound = new Map<string, Bound>();
  const positional = sig.params.filter((p) => p.positional);
  let next = 0;
  let sawNamed = false;
  const put = (param: ParamSpec, value: Expr, span: Span, nameSpan: Span): void => {
    if (bound.has(param.name)) {
      ctx.report("DIS2011", nameSpan, `\`${param.name}\` of \`${callee.name}\` is given twice.`);
      return;
    }
    bound.set(param.name, { param, value, span });
  };
  for (const a of args) {
    if (a.name === undefined) {
      if (sawNamed) {
        ctx.report(
          "DIS2015",
          a.span,
          `A positional argument cannot follow a named one in \`${callee.name}(…)\`.`,
        );
        continue;
      }
      const v = a.value;
      const p = positional[next];
      if (
        v.kind === "Range" &&
        p !== undefined &&
        p.type.kind === "number" &&
        positional[next + 1]
      ) {
        put(p, v.from, v.from.span, v.from.span);
        put(positional[next + 1]!, v.to, v.to.span, v.to.span);
        next += 2;
        continue;
      }
      if (p === undefined) {
        const n = positional.length;
        const named = sig.params.filter((q) => !q.positional).map((q) => `\`${q.name}\``);
        ctx.report(
          "DIS2010",
          a.span,
          `\`${callee.name}\` takes ${n} positional argument${n === 1 ? "" : "s"}, but ${describeExpr(v)} is one more.`,
          { hint: named.length > 0 ? `name the argument: ${named.join(", ")}.` : undefined },
        );
        continue;
      }
      next += 1;
      put(p, v, a.span, a.span);
    } else {
      sawNamed = true;
      const p = sig.params.find((q) => q.name === a.name!.name);
      if (p === undefined) {
        ctx.report(
          "DIS2002",
          a.name.span,
          `\`${callee.name}\` has no argument \`${a.name.name}\`.`,
          {
            hint: didYouMean(
              a.name.name,
              sig.params.map((q) => q.name),
            ),
          },
        );
        continue;
      }
      put(p, a.value, a.span, a.name.span);
    }
  }
  return bound;
}

/**
 * Resolves a call of `def` with `args`: every parameter gets a value (given or default), each
 * with provenance. Reports DIS2003 for a missing required argument (at the callee). Returns
 * undefined when any argument had an error.
 */
export function resolveCall<E extends AnyEntry>(
  ctx: CheckContext,
  scope: ReadonlyMap<string, SymbolInfo>,
  def: E,
  args: readonly Arg[],
  callee: Callee,
  span: Span,
): ResolvedCall<E> | undefined {
  const r = resolveArgs(ctx, scope, def.signature, args, callee);
  return r ? { entry: def, args: r.args, argSpans: r.argSpans, span } : undefined;
}

/** Like `resolveCall` for any signature (also the checker's own: train, scm, traversals). */
export function resolveArgs(
  ctx: CheckContext,
  scope: ReadonlyMap<string, SymbolInfo>,
  sig: Signature,
  args: readonly Arg[],
  callee: Callee,
): { args: ArgMap; argSpans: Record<string, Span> } | undefined {
  const before = ctx.diagnostics.length;
  const bound = bind(ctx, sig, args, callee);
  const out: ArgMap = {};
  const argSpans: Record<string, Span> = {};
  let failed = false; // a value rejected without a new diagnostic (recovered, or the lexer's DIS1012)
  for (const p of sig.params) {
    const b = bound.get(p.name);
    if (b !== undefined) {
      argSpans[p.name] = b.span;
      const example = p.default !== undefined ? `${p.name}: ${formatValue(p.default)}` : undefined;
      const v = checkValue(
        ctx,
        { scope, what: `\`${p.name}\` of \`${callee.name}\``, example },
        p.type,
        b.value,
      );
      if (v !== undefined) out[p.name] = { value: v, from: ctx.valueFrom(b.value, b.span) };
      else failed = true;
    } else if (p.default !== undefined) {
      out[p.name] = { value: p.default, from: "default" };
    } else {
      ctx.report(
        "DIS2003",
        callee.span,
        `\`${callee.name}\` is missing its required argument \`${p.name}\`.`,
        {
          hint: `add \`${p.name}: …\` (${p.doc.replace(/\.$/, "")}).`,
        },
      );
    }
  }
  if (ctx.diagnostics.length !== before || failed) return undefined;
  dropInapplicable(ctx, sig, out, argSpans, callee);
  return { args: out, argSpans };
}

/**
 * Leaves out of `out` each parameter whose `appliesWhen` the call does not meet, and warns
 * (DIS3040) where the spec gave it: a setting that changes nothing is a mistake or a misreading.
 */
function dropInapplicable(
  ctx: CheckContext,
  sig: Signature,
  out: ArgMap,
  argSpans: Record<string, Span>,
  callee: Callee,
): void {
  for (const p of sig.params) {
    const when = p.appliesWhen;
    if (when === undefined || out[p.name] === undefined) continue;
    const control = out[when.param]?.value;
    if (typeof control === "string" && when.values.includes(control)) continue;
    const span = argSpans[p.name];
    if (span !== undefined && out[p.name]!.from !== "default") {
      const only = when.values.map((v) => `\`${when.param}: ${v}\``).join(" or ");
      ctx.report(
        "DIS3040",
        span,
        `\`${p.name}\` of \`${callee.name}\` has no effect with \`${when.param}: ${String(control)}\`; it is read only with ${only}.`,
        { hint: `remove \`${p.name}\`, or choose ${only}.` },
      );
    }
    delete out[p.name];
    delete argSpans[p.name];
  }
}
