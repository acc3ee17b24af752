/** Lowering of the loss expression to an ObjExpr over term ids. */
import type { Expr } from "../../grammar/ast.js";
import type { CheckedModel } from "../check/types.js";
import type { ObjExpr } from "./types.js";

const BINARY = { "+": "add", "-": "sub", "*": "mul", "/": "div", "^": "pow" } as const;

/** An identifier-safe string: [A-Za-z0-9_], not starting with a digit. */
export function identifierSafe(s: string): string {
  const t = s.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[0-9]/.test(t) ? `_${t}` : t;
}

/**
 * Term ids in source order: `<entry>_<target>` (`recon_x`, `total_correlation_z`) or `<entry>`
 * without a target (`gan`); a repeated id gets `_2`, `_3`, … (`dag_A`, `dag_A_2`).
 */
export function termIds(m: CheckedModel): string[] {
  const seen = new Map<string, number>();
  const taken = new Set<string>();
  return m.terms.map((t) => {
    const base = identifierSafe(t.target ? `${t.call.entry.name}_${t.target}` : t.call.entry.name);
    let n = seen.get(base) ?? 0;
    let id: string;
    do {
      n += 1;
      id = n === 1 ? base : `${base}_${n}`;
    } while (taken.has(id));
    seen.set(base, n);
    taken.add(id);
    return id;
  });
}

/** Lowers a checked loss expression. Throws (an internal error) on a node the checker did not resolve. */
export function lowerObjective(m: CheckedModel, e: Expr, ids: readonly string[]): ObjExpr {
  switch (e.kind) {
    case "Number": {
      const param = m.paramReads.get(e);
      return param
        ? { op: "const", value: e.value, from: param.from }
        : { op: "const", value: e.value };
    }
    case "Unary":
      return { op: "neg", arg: lowerObjective(m, e.operand, ids) };
    case "Binary":
      return {
        op: BINARY[e.op],
        left: lowerObjective(m, e.left, ids),
        right: lowerObjective(m, e.right, ids),
      };
    case "Call": {
      const meaning = m.lossCalls.get(e);
      if (meaning?.kind === "term") return { op: "term", id: ids[meaning.index]! };
      if (meaning?.kind === "schedule")
        return { op: "schedule", entry: meaning.call.entry.name, args: meaning.call.args };
      if (meaning?.kind === "abs" && e.args[0])
        return { op: "abs", arg: lowerObjective(m, e.args[0].value, ids) };
      throw new Error(`unresolved call \`${e.callee.name}\` in the loss`);
    }
    default:
      throw new Error(`unexpected ${e.kind} node in the loss`);
  }
}
