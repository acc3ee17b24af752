/**
 * The objective (an `ObjExpr`) → a TypeScript expression over `terms`, the step and the
 * hyperparameters. A constant that multiplies a single term becomes a named weight
 * (`hp.weights.kl_z`), so that a reader can change it in one place. Reads the IR only.
 */
import type { ObjExpr } from "../ir/types.js";
import type { ImportMap } from "./imports.js";
import { entryImport } from "./entry-import.js";
import { argsLiteral } from "./literals.js";
import { safeIdent } from "./names.js";

export interface ObjectivePlan {
  /** TS expression evaluating to a tf.Scalar (or number when no term appears). */
  readonly code: string;
  /** weight name → value, in order of appearance. */
  readonly weights: Map<string, number>;
}

interface Piece {
  readonly code: string;
  readonly tensor: boolean;
}

/** Collects named weights (`const * term`) and emits the objective expression. */
export function planObjective(expr: ObjExpr, imports: ImportMap): ObjectivePlan {
  const weights = new Map<string, number>();
  const weightFor = (c: number, e: ObjExpr): string | undefined => {
    if (e.op !== "term") return undefined;
    let name = e.id;
    for (let i = 2; weights.has(name); i++) name = `${e.id}_${i}`;
    weights.set(name, c);
    return `hp.weights.${safeIdent(name)}`;
  };

  const go = (e: ObjExpr): Piece => {
    switch (e.op) {
      case "term":
        return { code: `terms.${safeIdent(e.id)}`, tensor: true };
      case "const":
        return { code: String(e.value), tensor: false };
      case "schedule": {
        const entry = entryImport(imports, e.entry);
        return { code: `${entry}.value(step, ${argsLiteral(e.args)})`, tensor: false };
      }
      case "neg": {
        const a = go(e.arg);
        return a.tensor
          ? { code: `tf.neg(${a.code})`, tensor: true }
          : { code: `-(${a.code})`, tensor: false };
      }
      case "abs": {
        const a = go(e.arg);
        return a.tensor
          ? { code: `tf.abs(${a.code})`, tensor: true }
          : { code: `Math.abs(${a.code})`, tensor: false };
      }
      default: {
        if (e.op === "mul" && e.left.op === "const") {
          const w = weightFor(e.left.value, e.right);
          if (w) return binary("mul", { code: w, tensor: false }, go(e.right));
        }
        if (e.op === "mul" && e.right.op === "const") {
          const w = weightFor(e.right.value, e.left);
          if (w) return binary("mul", go(e.left), { code: w, tensor: false });
        }
        return binary(e.op, go(e.left), go(e.right));
      }
    }
  };
  const result = go(expr);
  return {
    code: result.tensor ? `${result.code} as tf.Scalar` : `tf.scalar(${result.code})`,
    weights,
  };
}

function binary(op: "add" | "sub" | "mul" | "div" | "pow", a: Piece, b: Piece): Piece {
  if (!a.tensor && !b.tensor) {
    const sym = { add: "+", sub: "-", mul: "*", div: "/", pow: "**" }[op];
    return { code: `(${a.code} ${sym} ${b.code})`, tensor: false };
  }
  return { code: `tf.${op}(${a.code}, ${b.code})`, tensor: true };
}
