/**
 * Loss terms and the objective of the PyTorch target: each TermIR → one Python call into
 * disc_torch.penalties (imported as P), and the plan's objective → a Python expression over
 * `terms`, `step` and `hp["weights"]` (the constants the plan names as weights, as on the
 * TypeScript target). Throws for an entry support.ts rejects.
 */
import type { ModelIR, ResolvedArgs, TermIR } from "../../ir/types.js";
import { foldObjective } from "../../plan/objective.js";
import type { FoldExpr, ObjectiveFold } from "../../plan/types.js";
import { pyIdent, pyLiteral } from "./py-literals.js";
import { tunableArgs } from "../hyperparameters.js";

const arg = (args: ResolvedArgs, name: string): unknown => args[name]?.value;
const lit = (args: ResolvedArgs, name: string): string => pyLiteral(arg(args, name));

/** Python expression of one term (a scalar tensor, nats), given out = model(x, eps). */
export function termCall(t: TermIR, ir: ModelIR): string {
  // an argument of hyperparameters["terms"] is read from there (as on the TypeScript target)
  const tunable = new Set(tunableArgs(ir, t).map(([k]) => k));
  const lit = (args: ResolvedArgs, name: string): string =>
    tunable.has(name)
      ? `hp["terms"][${JSON.stringify(t.id)}][${JSON.stringify(name)}]`
      : pyLiteral(arg(args, name));
  const z = pyIdent(String(arg(t.args, "latent") ?? ""));
  const [mu, logvar] = [`${z}_mu`, `${z}_logvar`];
  const estimator = String(arg(t.args, "estimator") ?? "mss");
  switch (t.entry) {
    case "recon": {
      const target = String(arg(t.args, "target"));
      if (
        !ir.networks.some((n) => n.outputs.includes(target) && n.likelihood?.name === "bernoulli")
      ) {
        throw new Error(
          `recon(${target}): no decoder with a bernoulli likelihood models '${target}'`,
        );
      }
      return `P.recon(x, out[${JSON.stringify(target)}], ${lit(t.args, "reduction")})`;
    }
    case "kl":
      return `P.gaussian_kl(${mu}, ${logvar})`;
    case "capacity":
      return `P.capacity(${mu}, ${logvar}, step, ${lit(t.args, "max")}, ${lit(t.args, "over")})`;
    case "total_correlation":
      if (estimator === "discriminator")
        return `P.density_ratio_tc(states[${JSON.stringify(t.id)}].logits(${z}))`;
      return `P.total_correlation(${z}, ${mu}, ${logvar}, ${lit(t.args, "estimator")}, dataset_size, ${estimator === "mws" ? lit(t.args, "constants") : "True"})`;
    case "mutual_info":
      return `P.mutual_info(${z}, ${mu}, ${logvar}, ${lit(t.args, "estimator")}, dataset_size)`;
    case "dimwise_kl":
      return `P.dimwise_kl(${z}, ${mu}, ${logvar}, ${lit(t.args, "estimator")}, dataset_size)`;
    case "dip":
      return `P.dip(${mu}, ${logvar}, ${lit(t.args, "variant")}, ${lit(t.args, "lambda_od")}, ${lit(t.args, "lambda_d")})`;
    default:
      throw new Error(`the penalty '${t.entry}' has no PyTorch emitter`);
  }
}

function scheduleCall(entry: string, args: ResolvedArgs): string {
  switch (entry) {
    case "anneal": {
      const r = arg(args, "range") as { from?: number; to?: number } | [number, number];
      const [from, to] = Array.isArray(r) ? r : [r.from, r.to];
      return `P.anneal(step, ${pyLiteral(from)}, ${pyLiteral(to)}, ${lit(args, "over")}, ${lit(args, "start")})`;
    }
    case "warmup":
      return `P.warmup(step, ${lit(args, "value")}, ${lit(args, "over")})`;
    case "constant":
      return `P.constant(step, ${lit(args, "value")})`;
    default:
      throw new Error(`the schedule '${entry}' has no PyTorch emitter`);
  }
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
