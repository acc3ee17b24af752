/**
 * Params, the substitution: every reference to a `param` in an expression of a model is replaced
 * by the param's value (the default, or the `FrontEndOptions.params` override) as the literal it
 * would have been if written there — a number with the param's unit, or a name — with the
 * reference's span. The checker then checks that literal like any other (types, units, ranges),
 * and `CheckContext.valueFrom` gives values read from a param the provenance
 * `param beta (file.dis:3:3)`, or `param beta = 8 (--set)` when overridden.
 *
 * Pure AST → AST: the input is never mutated; unchanged subtrees are shared. `param` values and
 * `study` blocks are not substituted (they are literals and param names).
 */
import type {
  Arg,
  Call,
  Entry,
  Expr,
  ModelDecl,
  ModelItem,
  Span,
  Unit,
} from "../../grammar/ast.js";
import type { ParamValue } from "../study/types.js";

/** A param of a model as the checker uses it. */
export interface CheckedParam {
  readonly name: string;
  /** Span of the whole `param NAME = VALUE` declaration. */
  readonly span: Span;
  /** Span of the declared name. */
  readonly nameSpan: Span;
  /** The declared default (what a plain `disc train` uses). */
  readonly default: ParamValue;
  /** The value references read: the default, or the override. */
  readonly value: ParamValue;
  /** The unit of a numeric value (`25 nats`), when it has one; an override keeps it. */
  readonly unit?: Unit;
  /** The default as written ("4.0", "-1", "mss"), for messages. */
  readonly text: string;
  /** True when `FrontEndOptions.params` gave the value. */
  readonly overridden: boolean;
  /** Provenance of every value read from it: `param beta (file.dis:3:3)` or `param beta = 8 (--set)`. */
  readonly from: string;
  /** The spans of the references that read it (filled by {@link substituteParams}). */
  readonly reads: Span[];
}

/** The params of one model by name; `null` marks a param whose declaration has an error. */
export type ParamTable = ReadonlyMap<string, CheckedParam | null>;

/** A param's value as written: a number (optionally negated, with an optional unit) or a name. */
export interface ParamLiteral {
  readonly value: ParamValue;
  readonly unit?: Unit;
  readonly text: string;
}

/** The literal `e` stands for as a param value (or grid value), or undefined for anything else. */
export function paramLiteral(e: Expr): ParamLiteral | undefined {
  if (e.kind === "Number" && Number.isFinite(e.value))
    return { value: e.value, text: e.text, ...(e.unit ? { unit: e.unit } : {}) };
  if (e.kind === "Unary" && e.operand.kind === "Number" && Number.isFinite(e.operand.value)) {
    const n = e.operand;
    return { value: -n.value, text: `-${n.text}`, ...(n.unit ? { unit: n.unit } : {}) };
  }
  if (e.kind === "Ref" && e.name !== "") return { value: e.name, text: e.name };
  return undefined;
}

/** A value as written in a spec or on a command line: `4`, `25 nats`, `mss`. */
export function formatParam(value: ParamValue, unit?: Unit): string {
  return typeof value === "number" ? `${value}${unit ? ` ${unit}` : ""}` : value;
}

/** A param's default as written in its declaration: `5e-4`, `25 nats`, `mss`. */
export function writtenDefault(p: CheckedParam): string {
  return p.unit ? `${p.text} ${p.unit}` : p.text;
}

/** The node a reference to `p` becomes: the literal of its value, at the reference's span. */
function literalOf(p: CheckedParam, span: Span): Expr {
  if (typeof p.value === "string") return { kind: "Ref", name: p.value, span };
  const text = p.overridden ? String(p.value) : p.text;
  return { kind: "Number", value: p.value, text, ...(p.unit ? { unit: p.unit } : {}), span };
}

class Substitution {
  constructor(
    private readonly table: ParamTable,
    private readonly reads: Map<Expr, CheckedParam>,
  ) {}

  expr(e: Expr): Expr {
    switch (e.kind) {
      case "Ref": {
        if (e.name === "" || !this.table.has(e.name)) return e;
        const p = this.table.get(e.name);
        // a broken param: a placeholder, which the checker skips (its error is reported)
        if (!p) return { kind: "Ref", name: "", span: e.span, missing: true };
        p.reads.push(e.span);
        const lit = literalOf(p, e.span);
        this.reads.set(lit, p);
        return lit;
      }
      case "Call":
        return this.call(e);
      case "Binary": {
        const [left, right] = [this.expr(e.left), this.expr(e.right)];
        return left === e.left && right === e.right ? e : { ...e, left, right };
      }
      case "Unary": {
        const operand = this.expr(e.operand);
        return operand === e.operand ? e : { ...e, operand };
      }
      case "List": {
        const items = this.all(e.items, (x) => this.expr(x));
        return items === e.items ? e : { ...e, items };
      }
      case "Record": {
        const fields = this.args(e.fields);
        return fields === e.fields ? e : { ...e, fields };
      }
      case "Range": {
        const [from, to] = [this.expr(e.from), this.expr(e.to)];
        return from === e.from && to === e.to ? e : { ...e, from, to };
      }
      default:
        return e;
    }
  }

  call(c: Call): Call {
    const args = this.args(c.args);
    return args === c.args ? c : { ...c, args };
  }

  args(args: readonly Arg[]): readonly Arg[] {
    return this.all(args, (a) => {
      const value = this.expr(a.value);
      return value === a.value ? a : { ...a, value };
    });
  }

  entries(entries: readonly Entry[]): readonly Entry[] {
    return this.all(entries, (en) => {
      const value = this.expr(en.value);
      return value === en.value ? en : { ...en, value };
    });
  }

  item(it: ModelItem): ModelItem {
    switch (it.kind) {
      case "Data":
      case "Scm": {
        const args = this.args(it.args ?? []);
        return args === it.args ? it : { ...it, args };
      }
      case "Variable": {
        const distribution = it.distribution ? this.call(it.distribution) : it.distribution;
        return distribution === it.distribution ? it : { ...it, distribution };
      }
      case "Network": {
        const args = this.args(it.args ?? []);
        const likelihood = it.likelihood ? this.call(it.likelihood) : undefined;
        return args === it.args && likelihood === it.likelihood
          ? it
          : { ...it, args, ...(likelihood ? { likelihood } : {}) };
      }
      case "Loss": {
        const expr = it.expr ? this.expr(it.expr) : it.expr;
        return expr === it.expr ? it : { ...it, expr };
      }
      case "Train": {
        const entries = this.entries(it.entries ?? []);
        return entries === it.entries ? it : { ...it, entries };
      }
      case "Evaluate": {
        const every = it.every ? this.expr(it.every) : undefined;
        const entries = this.entries(it.entries ?? []);
        return every === it.every && entries === it.entries
          ? it
          : { ...it, ...(every ? { every } : {}), entries };
      }
      case "Param":
      case "Study":
        return it;
    }
  }

  /** `xs` mapped by `f`; the same array when no element changed. */
  private all<T>(xs: readonly T[], f: (x: T) => T): readonly T[] {
    const out = xs.map(f);
    return out.every((x, i) => x === xs[i]) ? xs : out;
  }
}

/**
 * Substitutes the params of `table` into every item of `model`. Each reference's span is added
 * to its param's `reads`, and each new literal node is recorded in `reads` (node → param), so
 * provenance can say where a value came from. Returns the substituted model (the same object
 * when it reads no param).
 */
export function substituteParams(
  model: ModelDecl,
  table: ParamTable,
  reads: Map<Expr, CheckedParam>,
): ModelDecl {
  if (table.size === 0) return model;
  const s = new Substitution(table, reads);
  const items = (model.items ?? []).map((it) => s.item(it));
  return items.every((x, i) => x === model.items[i]) ? model : { ...model, items };
}
