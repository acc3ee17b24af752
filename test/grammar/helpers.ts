/** Shared helpers for the grammar tests. */
import { parse, spanToString } from "../../grammar/index.js";
import type { Expr, LossDecl, ModelItem, Program } from "../../grammar/ast.js";

/** Parse and return the AST, failing the test on any diagnostic. */
export function parseOk(text: string): Program {
  const r = parse(text, "test.dis");
  if (r.diagnostics.length)
    throw new Error(
      `unexpected diagnostics: ${r.diagnostics.map((d) => `${d.code} ${spanToString(d.span)} ${d.message}`).join("; ")}`,
    );
  return r.ast;
}

/** The items of the first model of `text` (which must parse cleanly). */
export function items(text: string): readonly ModelItem[] {
  const m = parseOk(text).models[0];
  if (!m) throw new Error("no model");
  return m.items;
}

/** The loss expression of `model m { loss = <src> }`. */
export function lossExpr(src: string): Expr {
  const it = items(`model m { loss = ${src} }`)[0] as LossDecl;
  return it.expr;
}

/** S-expression rendering of an expression, for compact precedence assertions. */
export function sexpr(e: Expr): string {
  switch (e.kind) {
    case "Number":
      return e.unit ? `${e.value}${e.unit}` : String(e.value);
    case "String":
      return JSON.stringify(e.value);
    case "Ref":
      return e.name;
    case "Call":
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name}: ` : "") + sexpr(a.value)).join(", ")})`;
    case "Binary":
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case "Unary":
      return `(neg ${sexpr(e.operand)})`;
    case "List":
      return `[${e.items.map(sexpr).join(", ")}]`;
    case "Record":
      return `{${e.fields.map((f) => `${f.name?.name}: ${sexpr(f.value)}`).join(", ")}}`;
    case "Range":
      return `(${sexpr(e.from)} -> ${sexpr(e.to)})`;
    case "Shape":
      return e.dims.map((d) => d.value).join("x");
  }
}
