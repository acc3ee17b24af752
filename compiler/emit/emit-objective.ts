/**
 * The plan's objective → a TypeScript expression over `terms`, the step and the
 * hyperparameters: one algebra of the plan's fold (compiler/plan/objective.ts). A constant the
 * plan names as a weight becomes `hp.weights.<name>`, so that a reader can change it in one
 * place; a sum of terms is printed as one sum.
 */
import type { BinaryOp, FoldExpr, ObjectiveFold } from "../plan/types.js";
import { foldObjective } from "../plan/objective.js";
import type { ImportMap } from "./imports.js";
import { entryImport } from "./entry-import.js";
import { argsLiteral } from "./literals.js";
import { prop } from "./hyperparameters.js";
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

/** The plan's objective as TypeScript, with its named weights. */
export function printObjective(objective: ObjectiveFold, imports: ImportMap): ObjectivePlan {
  return {
    code: objectiveCode(objective.expr, imports),
    weights: new Map(objective.weights.map((w) => [w.name, w.value])),
  };
}

/**
 * A (part of the) plan's objective as a TS expression evaluating to a tf.Scalar. A sum of two or
 * more terms — the chain `a ± b ± c …` the fold's top holds — is one `tf.addN([a, ±b, ±c, …])`
 * with one summand per line (a − b as a + (−b): the same float32 value and gradient), each
 * summand printed by the fold; anything else is the fold's nested tf calls.
 */
export function objectiveCode(expr: FoldExpr, imports: ImportMap): string {
  const print = (e: FoldExpr): Piece =>
    foldObjective<Piece>(e, {
      term: (n) => ({ code: `terms.${safeIdent(n.id)}`, tensor: true }),
      const: (n) => ({
        code: n.weight === undefined ? String(n.value) : `hp.weights${prop(n.weight)}`,
        tensor: false,
      }),
      schedule: (n) => ({
        code: `${entryImport(imports, n.entry)}.value(step, ${argsLiteral(n.args)})`,
        tensor: false,
      }),
      unary: (n, a) => {
        const [tensorFn, numberFn] = n.op === "neg" ? ["tf.neg", "-"] : ["tf.abs", "Math.abs"];
        return a.tensor
          ? { code: `${tensorFn}(${a.code})`, tensor: true }
          : { code: `${numberFn}(${a.code})`, tensor: false };
      },
      binary: (n, a, b) => binary(n.op, a, b),
    });
  const parts = summands(expr).map(({ negated, e }) => {
    const p = print(e);
    return negated
      ? { code: p.tensor ? `tf.neg(${p.code})` : `-(${p.code})`, tensor: p.tensor }
      : p;
  });
  if (parts.length > 1 && parts.every((p) => p.tensor))
    return `tf.addN([\n${parts.map((p) => p.code).join(",\n")},\n]) as tf.Scalar`;
  const result = print(expr);
  return result.tensor ? `${result.code} as tf.Scalar` : `tf.scalar(${result.code})`;
}

/** The summands of the left-deep chain of + and − at the top of `e`, in order. */
function summands(e: FoldExpr): { negated: boolean; e: FoldExpr }[] {
  if (e.op === "add" || e.op === "sub")
    return [...summands(e.left), { negated: e.op === "sub", e: e.right }];
  return [{ negated: false, e }];
}

function binary(op: BinaryOp, a: Piece, b: Piece): Piece {
  if (!a.tensor && !b.tensor) {
    const sym = { add: "+", sub: "-", mul: "*", div: "/", pow: "**" }[op];
    return { code: `(${a.code} ${sym} ${b.code})`, tensor: false };
  }
  return { code: `tf.${op}(${a.code}, ${b.code})`, tensor: true };
}
