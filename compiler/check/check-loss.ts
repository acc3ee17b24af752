/**
 * Validation of `loss = expr`: every call is a penalty term, a schedule, or `abs`; numbers are
 * plain weights; the objective has at least one term (DIS3011); a weight of exactly 0 is a
 * warning (DIS3015); arithmetic on constants is finite and never divides by zero (DIS2022,
 * DIS2023; check-arith.ts). Terms are resolved against the registry and recorded in source order.
 */
import type { Call, Expr } from "../../grammar/ast.js";
import type { PenaltyDef, ScheduleDef } from "../../stdlib/types.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { resolveCall } from "./args.js";
import { checkScheduleDivisor, foldBinary } from "./check-arith.js";
import { describeSymbol, type CheckContext } from "./context.js";
import type { CheckedModel, ResolvedCall } from "./types.js";
import { describeExpr, isPlaceholder, numericLiteral } from "./values.js";

/** Terms that need a kind of declaration to exist at all: the code, message and hint when it is absent. */
const NEEDS: Record<
  string,
  { kind: string; code: "DIS3005" | "DIS3004"; message: string; hint: string }
> = {
  dag: {
    kind: "scm",
    code: "DIS3005",
    message: "`dag` constrains the adjacency of an scm, but this model declares none.",
    hint: "declare one, e.g. `scm A over z (concepts: [a, b, c, d])`, and write `dag(A)`.",
  },
  info: {
    kind: "code",
    code: "DIS3004",
    message:
      "`info` maximises the mutual information of a GAN code, but this model declares no code.",
    hint: "declare one, e.g. `code c ~ categorical(10)`, feed it to the generator and predict it with a `head`.",
  },
};

/** Checks a call in the loss; returns its constant value (only `abs` of a constant has one). */
function checkCall(ctx: CheckContext, m: CheckedModel, e: Call): number | undefined {
  const name = e.callee.name;
  if (name === "abs") {
    if (e.args.length !== 1 || e.args[0]!.name !== undefined) {
      ctx.report("DIS2004", e.span, "`abs` takes exactly one expression.");
    }
    const values = e.args.map((a) => checkExpr(ctx, m, a.value));
    m.lossCalls.set(e, { kind: "abs" });
    return values.length === 1 && values[0] !== undefined ? Math.abs(values[0]) : undefined;
  }
  const pen = ctx.registry.lookup("penalty", name) as PenaltyDef | undefined;
  if (pen !== undefined) {
    const need = NEEDS[name];
    if (need && ![...m.scope.values()].some((s) => s.kind === need.kind)) {
      ctx.report(need.code, e.span, need.message, { hint: need.hint });
      return undefined;
    }
    const call = resolveCall(ctx, m.scope, pen, e.args, e.callee, e.span);
    if (call === undefined) return undefined;
    const refParam = pen.signature.params.find((p) => p.type.kind === "ref");
    const target = refParam ? (call.args[refParam.name]?.value as string | undefined) : undefined;
    m.terms.push({ call, node: e, target, from: ctx.from(e.span) });
    m.lossCalls.set(e, { kind: "term", index: m.terms.length - 1 });
    return undefined;
  }
  const sched = ctx.registry.lookup("schedule", name) as ScheduleDef | undefined;
  if (sched !== undefined) {
    const call = resolveCall(ctx, m.scope, sched, e.args, e.callee, e.span);
    if (call) m.lossCalls.set(e, { kind: "schedule", call: call as ResolvedCall<ScheduleDef> });
    return undefined;
  }
  ctx.report("DIS2001", e.callee.span, `Unknown penalty or schedule \`${name}\`.`, {
    hint: unknownTermHint(ctx, name),
  });
  return undefined;
}

/** "did you mean …?" for a near miss, else every penalty and schedule by name. */
function unknownTermHint(ctx: CheckContext, name: string): string {
  const penalties = [...ctx.registry.names("penalty")].sort();
  const schedules = [...ctx.registry.names("schedule")].sort();
  const near = didYouMean(name, [...penalties, ...schedules, "abs"], 0);
  if (near !== undefined) return near;
  const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(", ");
  return `the penalties are ${list(penalties)}; the schedules ${list(schedules)}; and \`abs\` (\`disc list penalties\` shows their arguments).`;
}

/**
 * Checks one node of the loss; returns its value when it is a finite constant (numbers and
 * arithmetic on them), so divisions by zero and overflows are found once, bottom-up.
 */
function checkExpr(ctx: CheckContext, m: CheckedModel, e: Expr): number | undefined {
  if (isPlaceholder(e)) return undefined;
  switch (e.kind) {
    case "Call":
      return checkCall(ctx, m, e);
    case "Number":
      if (e.unit !== undefined) {
        ctx.report("DIS2005", e.span, `A weight in the loss is a plain number, not ${e.unit}.`, {
          hint: `write \`${e.text}\`.`,
        });
      }
      return Number.isFinite(e.value) ? e.value : undefined; // 1e309: the lexer's DIS1012
    case "Binary": {
      if (e.op === "*" && !zeroWeight(ctx, e.left, e.right)) zeroWeight(ctx, e.right, e.left);
      const left = checkExpr(ctx, m, e.left);
      const right = checkExpr(ctx, m, e.right);
      const sched = e.right.kind === "Call" ? m.lossCalls.get(e.right) : undefined;
      if (e.op === "/" && sched?.kind === "schedule")
        checkScheduleDivisor(ctx, e.right, sched.call);
      return foldBinary(ctx, e, left, right);
    }
    case "Unary": {
      const v = checkExpr(ctx, m, e.operand);
      return v === undefined ? undefined : -v;
    }
    case "Ref": {
      const sym = m.scope.get(e.name);
      if (sym !== undefined) {
        ctx.report("DIS2017", e.span, `\`${e.name}\` is ${describeSymbol(sym)}, not a loss term.`, {
          hint:
            sym.kind === "observed"
              ? `did you mean \`recon(${e.name})\`?`
              : sym.kind === "scm"
                ? `did you mean \`dag(${e.name})\`?`
                : `did you mean \`kl(${e.name})\`?`,
        });
      } else if (ctx.registry.lookup("penalty", e.name) !== undefined) {
        ctx.report("DIS2017", e.span, `\`${e.name}\` is a penalty; call it on a variable.`, {
          hint: `write \`${e.name}(…)\`.`,
        });
      } else {
        ctx.report("DIS2007", e.span, `\`${e.name}\` is not declared.`, {
          hint:
            didYouMean(e.name, [...m.scope.keys()]) ??
            didYouMean(e.name, ctx.registry.names("penalty")),
        });
      }
      return undefined;
    }
    default:
      ctx.report(
        "DIS2017",
        e.span,
        `A loss is an expression over terms and numbers, but this is ${describeExpr(e)}.`,
      );
      return undefined;
  }
}

/** Warns when `weight` is the literal 0 and `term` contains a call. Returns true when it warned. */
function zeroWeight(ctx: CheckContext, weight: Expr, term: Expr): boolean {
  const lit = numericLiteral(weight);
  // a param's 0 is a study's baseline (`beta: [0, 1, 4]`), not a forgotten term
  if (lit === undefined || lit.value !== 0 || !containsCall(term) || ctx.paramOf(weight))
    return false;
  ctx.report("DIS3015", weight.span, "This weight is 0, so the term it multiplies has no effect.", {
    hint: "remove the term, or give it a positive weight.",
  });
  return true;
}

function containsCall(e: Expr): boolean {
  if (e.kind === "Call") return true;
  if (e.kind === "Binary") return containsCall(e.left) || containsCall(e.right);
  if (e.kind === "Unary") return containsCall(e.operand);
  return false;
}

/** Checks the loss expression of a model (already known to exist). */
export function checkLoss(ctx: CheckContext, m: CheckedModel, expr: Expr): void {
  const before = ctx.errorCount();
  checkExpr(ctx, m, expr);
  const after = ctx.errorCount();
  if (m.terms.length === 0 && after === before) {
    ctx.report(
      "DIS3011",
      expr.span,
      "The loss has no penalty term, so there is nothing to train.",
      {
        hint: "add a term such as `recon(x) + kl(z)`.",
      },
    );
  }
}
