/**
 * Loss terms and the objective of the PyTorch target: each TermIR → one Python call into
 * disc_torch.penalties (imported as P), printed by the entry's own `pytorch`; the plan's
 * objective → a Python expression over `terms`, `step` and `hp["weights"]` (the constants the
 * plan names as weights, as on the TypeScript target). Throws for an entry support.ts rejects.
 */
import { registry } from "../../../stdlib/registry.js";
import type { LikelihoodDef, PenaltyDef, ScheduleDef } from "../../../stdlib/types.js";
import type { ModelIR, ResolvedArgs, TermIR } from "../../ir/types.js";
import { foldObjective } from "../../plan/objective.js";
import type { FoldExpr, ObjectiveFold } from "../../plan/types.js";
import { pyIdent, pyLiteral } from "./py-literals.js";
import { tunableArgs } from "../hyperparameters.js";

/**
 * Python expression of one term (a scalar tensor, nats), given out = model(x, eps): the entry's
 * own `pytorch` (stdlib/penalties/*.ts). An argument of hyperparameters["terms"] is read from
 * there (as on the TypeScript target). Throws for an entry without one (support.ts refuses it
 * first, DIS4004).
 */
export function termCall(t: TermIR, ir: ModelIR): string {
  const def = registry.lookup("penalty", t.entry) as PenaltyDef | undefined;
  if (t.module !== undefined || def?.pytorch === undefined)
    throw new Error(`the penalty '${t.entry}' has no PyTorch implementation`);
  const tunable = new Set(tunableArgs(ir, t).map(([k]) => k));
  return def.pytorch({
    id: t.id,
    value: (name) => t.args[name]?.value,
    arg: (name) =>
      tunable.has(name)
        ? `hp["terms"][${JSON.stringify(t.id)}][${JSON.stringify(name)}]`
        : pyLiteral(t.args[name]?.value),
    latent: (v) => ({ sample: pyIdent(v), mu: `${pyIdent(v)}_mu`, logvar: `${pyIdent(v)}_logvar` }),
    nll: (v) => likelihoodNll(ir, v),
  });
}

/** The per-example NLL [B] of observation `v` under its decoder's likelihood (its `pytorch`). */
function likelihoodNll(ir: ModelIR, v: string): string {
  const lik = ir.networks.find((n) => n.outputs.includes(v))?.likelihood;
  const def = lik && (registry.lookup("likelihood", lik.name) as LikelihoodDef | undefined);
  if (!lik || def?.pytorch === undefined)
    throw new Error(`no decoder with a PyTorch likelihood models '${v}'`);
  const args = Object.fromEntries(Object.entries(lik.args).map(([k, a]) => [k, a.value]));
  return def.pytorch(args, pyIdent(v), `out[${JSON.stringify(v)}]`, pyLiteral);
}

/** Python expression of a schedule's value at `step`: the entry's own `pytorch`. */
function scheduleCall(entry: string, args: ResolvedArgs): string {
  const def = registry.lookup("schedule", entry) as ScheduleDef | undefined;
  if (def?.pytorch === undefined)
    throw new Error(`the schedule '${entry}' has no PyTorch implementation`);
  const values = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.value]));
  return def.pytorch(values, pyLiteral);
}

export interface PyObjective {
  /** Python expression of the total (tensor, or a float when no term appears). */
  readonly code: string;
  /** Named weights in order of appearance. */
  readonly weights: Map<string, number>;
}

const SYM = { add: "+", sub: "-", mul: "*", div: "/", pow: "**" } as const;

const prec = (e: FoldExpr): number =>
  e.op === "add" || e.op === "sub"
    ? 1
    : e.op === "mul" || e.op === "div"
      ? 2
      : e.op === "neg"
        ? 2.5
        : e.op === "pow"
          ? 3
          : 4;

/**
 * `code` of child `c` of `parent`, parenthesised where Python would group it otherwise:
 * parentheses follow the tree exactly (equal precedence on the right keeps them), so Python
 * evaluates in the same order as the TypeScript target.
 */
function child(c: FoldExpr, code: string, parent: FoldExpr, right: boolean): string {
  const pc = prec(c);
  const pp = prec(parent);
  return pc < pp || (pc === pp && (right || parent.op === "pow")) ? `(${code})` : code;
}

/** A (part of the) plan's objective as a Python expression: one algebra of the plan's fold. */
function pyCode(expr: FoldExpr): string {
  return foldObjective<string>(expr, {
    term: (n) => `terms[${JSON.stringify(n.id)}]`,
    const: (n) =>
      n.weight === undefined ? String(n.value) : `hp["weights"][${JSON.stringify(n.weight)}]`,
    schedule: (n) => scheduleCall(n.entry, n.args),
    unary: (n, a) => (n.op === "neg" ? `-(${a})` : `abs(${a})`),
    binary: (n, a, b) => `${child(n.left, a, n, false)} ${SYM[n.op]} ${child(n.right, b, n, true)}`,
  });
}

/** The plan's objective as a Python expression; named weights read `hp["weights"][name]`. */
export function planPyObjective(objective: ObjectiveFold): PyObjective {
  const expr = objective.expr;
  const weights = new Map(objective.weights.map((w) => [w.name, w.value]));
  const code = pyCode(expr);
  if (`    total = ${code}`.length <= 120 || (expr.op !== "add" && expr.op !== "sub"))
    return { code, weights };
  // A long sum is written one operand per line inside parentheses (black's layout).
  const chain: string[] = [];
  let e: FoldExpr = expr;
  while (e.op === "add" || e.op === "sub") {
    chain.unshift(`${e.op === "add" ? "+" : "-"} ${child(e.right, pyCode(e.right), e, true)}`);
    e = e.left;
  }
  chain.unshift(pyCode(e));
  return { code: `(\n${chain.map((c) => `        ${c}`).join("\n")}\n    )`, weights };
}
