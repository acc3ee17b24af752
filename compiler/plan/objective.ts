/**
 * The objective as one fold. `foldObjective` is the only walker of the objective tree: the
 * planner annotates it (named weights, schedule indexes), derives its linear view and its
 * formula with it, and the emitters print it with it (TypeScript, Python). Every `ObjExpr` of
 * the IR is a `FoldExpr`, so the resolved spec's formula uses the same fold.
 */
import type { ObjExpr } from "../ir/types.js";
import type { BinaryOp, FoldExpr, LinearPart, ObjectiveFold } from "./types.js";

type Node<O extends FoldExpr["op"]> = Extract<FoldExpr, { op: O }>;

/** How to fold each kind of node; children are folded first, left before right. */
export interface ObjectiveAlgebra<T> {
  term(node: Node<"term">): T;
  const(node: Node<"const">): T;
  schedule(node: Node<"schedule">): T;
  unary(node: Node<"neg" | "abs">, arg: T): T;
  binary(node: Node<BinaryOp>, left: T, right: T): T;
}

/** Folds `e` bottom-up with `alg`. */
export function foldObjective<T>(e: FoldExpr, alg: ObjectiveAlgebra<T>): T {
  switch (e.op) {
    case "term":
      return alg.term(e);
    case "const":
      return alg.const(e);
    case "schedule":
      return alg.schedule(e);
    case "neg":
    case "abs":
      return alg.unary(e, foldObjective(e.arg, alg));
    default:
      return alg.binary(e, foldObjective(e.left, alg), foldObjective(e.right, alg));
  }
}

/** The algebra that rebuilds the tree, for transformations that change a few nodes. */
const identity: ObjectiveAlgebra<FoldExpr> = {
  term: (n) => n,
  const: (n) => n,
  schedule: (n) => n,
  unary: (n, arg) => ({ ...n, arg }),
  binary: (n, left, right) => ({ ...n, left, right }),
};

/**
 * The plan's objective: `expr` with each constant that multiplies a single term named as a
 * weight (the term's id, `_2`, `_3`, … when taken) and each schedule numbered in source order.
 */
export function planObjective(expr: ObjExpr): ObjectiveFold {
  const weights: { name: string; term: string; value: number }[] = [];
  let schedules = 0;
  const named = (c: FoldExpr, partner: FoldExpr): FoldExpr => {
    if (c.op !== "const" || partner.op !== "term") return c;
    let name = partner.id;
    for (let i = 2; weights.some((w) => w.name === name); i++) name = `${partner.id}_${i}`;
    weights.push({ name, term: partner.id, value: c.value });
    return { ...c, weight: name };
  };
  const annotated = foldObjective<FoldExpr>(expr, {
    ...identity,
    schedule: (n) => ({ ...n, index: schedules++ }),
    binary: (n, left, right) => {
      if (n.op !== "mul") return { ...n, left, right };
      if (left.op === "const" && right.op === "term")
        return { ...n, left: named(left, right), right };
      return { ...n, left, right: named(right, left) };
    },
  });
  return {
    expr: annotated,
    formula: formatObjective(annotated),
    weights,
    linear: linearView(annotated),
  };
}

/** `e` with term `id` replaced by the constant 0 (and its weight, if any, back to a plain constant). */
export function withoutTerm(e: FoldExpr, id: string): FoldExpr {
  const zero: FoldExpr = { op: "const", value: 0 };
  const plain = (c: FoldExpr): FoldExpr => {
    if (c.op !== "const" || c.weight === undefined) return c;
    const { weight: _weight, ...rest } = c;
    return rest;
  };
  return foldObjective<FoldExpr>(e, {
    ...identity,
    term: (n) => (n.id === id ? zero : n),
    binary: (n, left, right) => {
      const gone = (side: FoldExpr) => side.op === "term" && side.id === id;
      if (n.op === "mul" && gone(n.right)) return { ...n, left: plain(left), right };
      if (n.op === "mul" && gone(n.left)) return { ...n, left, right: plain(right) };
      return { ...n, left, right };
    },
  });
}

const PREC: Record<FoldExpr["op"], number> = {
  add: 1,
  sub: 1,
  mul: 2,
  div: 2,
  pow: 3,
  neg: 4,
  abs: 4,
  term: 4,
  const: 4,
  schedule: 4,
};

/** The objective as a formula over term ids, e.g. `recon_x + 4 * kl_z`. */
export function formatObjective(expr: FoldExpr): string {
  const wrap = (child: FoldExpr, text: string, min: number): string =>
    PREC[child.op] < min ? `(${text})` : text;
  const sym = { add: "+", sub: "-", mul: "*", div: "/", pow: "^" } as const;
  return foldObjective<string>(expr, {
    term: (n) => n.id,
    const: (n) => String(n.value),
    schedule: (n) =>
      `${n.entry}(${Object.entries(n.args)
        .map(([k, v]) => `${k}: ${formatArgValue(v.value)}`)
        .join(", ")})`,
    unary: (n, arg) => (n.op === "neg" ? `-${wrap(n.arg, arg, 4)}` : `abs(${arg})`),
    binary: (n, left, right) => {
      const p = PREC[n.op];
      const rightMin = n.op === "sub" || n.op === "div" ? p + 1 : p;
      return `${wrap(n.left, left, p)} ${sym[n.op]} ${wrap(n.right, right, rightMin)}`;
    },
  });
}

/** A compact, JSON-like rendering of an argument value: 64, "sum", [32, 32], {lr: 0.0001}. */
export function formatArgValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(formatArgValue).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${k}: ${formatArgValue(v)}`).join(", ")}}`;
}

/** A term-free factor (coefficient · Π schedules) or a linear combination of terms. */
type Lin =
  | { readonly kind: "scalar"; readonly c: number; readonly schedules: readonly number[] }
  | { readonly kind: "linear"; readonly parts: readonly Part[]; readonly constant: number };
type Part = { readonly term: string; readonly c: number; readonly schedules: readonly number[] };

const asLinear = (l: Lin): { parts: readonly Part[]; constant: number } | null =>
  l.kind === "linear" ? l : l.schedules.length === 0 ? { parts: [], constant: l.c } : null;

const scale = (l: Lin, c: number, schedules: readonly number[]): Lin =>
  l.kind === "scalar"
    ? { kind: "scalar", c: l.c * c, schedules: [...l.schedules, ...schedules] }
    : {
        kind: "linear",
        parts: l.parts.map((p) => ({
          ...p,
          c: p.c * c,
          schedules: [...p.schedules, ...schedules],
        })),
        constant: l.constant * c,
      };

/** The objective as a weighted sum of its terms, or null when it is not linear in them. */
function linearView(expr: FoldExpr): ObjectiveFold["linear"] {
  const result = foldObjective<Lin | null>(expr, {
    term: (n) => ({ kind: "linear", parts: [{ term: n.id, c: 1, schedules: [] }], constant: 0 }),
    const: (n) => ({ kind: "scalar", c: n.value, schedules: [] }),
    schedule: (n) => ({ kind: "scalar", c: 1, schedules: [n.index ?? -1] }),
    unary: (n, a) => {
      if (a === null) return null;
      if (n.op === "neg") return scale(a, -1, []);
      return a.kind === "scalar" && a.schedules.length === 0 ? { ...a, c: Math.abs(a.c) } : null;
    },
    binary: (n, a, b) => {
      if (a === null || b === null) return null;
      if (n.op === "mul") {
        if (a.kind === "scalar") return scale(b, a.c, a.schedules);
        return b.kind === "scalar" ? scale(a, b.c, b.schedules) : null;
      }
      if (n.op === "div")
        return b.kind === "scalar" && b.schedules.length === 0 ? scale(a, 1 / b.c, []) : null;
      if (n.op === "pow")
        return a.kind === "scalar" &&
          b.kind === "scalar" &&
          !a.schedules.length &&
          !b.schedules.length
          ? { kind: "scalar", c: a.c ** b.c, schedules: [] }
          : null;
      const l = asLinear(a);
      const r = asLinear(n.op === "sub" ? scale(b, -1, []) : b);
      if (l === null || r === null) return null;
      return { kind: "linear", parts: [...l.parts, ...r.parts], constant: l.constant + r.constant };
    },
  });
  const lin = result === null ? null : asLinear(result);
  if (lin === null) return null;
  return {
    parts: lin.parts.map((p): LinearPart => ({
      term: p.term,
      sign: p.c < 0 ? -1 : 1,
      coefficient: Math.abs(p.c),
      schedules: p.schedules,
    })),
    constant: lin.constant,
  };
}
