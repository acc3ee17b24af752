/**
 * Loss terms and the objective of the PyTorch target: each TermIR → one Python call into
 * disc_torch.penalties (imported as P), and the ObjExpr → a Python expression over `terms`,
 * `step` and `hp["weights"]` (a constant multiplying a single term becomes a named weight,
 * as on the TypeScript target). Reads the IR only; throws for an entry support.ts rejects.
 */
import type { ModelIR, ObjExpr, ResolvedArgs, TermIR } from "../../ir/types.js";
import { pyIdent, pyLiteral } from "./py-literals.js";

const arg = (args: ResolvedArgs, name: string): unknown => args[name]?.value;
const lit = (args: ResolvedArgs, name: string): string => pyLiteral(arg(args, name));

/** Python expression of one term (a scalar tensor, nats), given out = model(x, eps). */
export function termCall(t: TermIR, ir: ModelIR): string {
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
      return `P.total_correlation(${z}, ${mu}, ${logvar}, ${JSON.stringify(estimator)}, dataset_size, ${estimator === "mws" ? lit(t.args, "constants") : "True"})`;
    case "mutual_info":
      return `P.mutual_info(${z}, ${mu}, ${logvar}, ${JSON.stringify(estimator)}, dataset_size)`;
    case "dimwise_kl":
      return `P.dimwise_kl(${z}, ${mu}, ${logvar}, ${JSON.stringify(estimator)}, dataset_size)`;
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

/** The objective as a Python expression; named weights read `hp["weights"][name]`. */
export function planPyObjective(expr: ObjExpr): PyObjective {
  const weights = new Map<string, number>();
  const weightFor = (c: number, e: ObjExpr): string | undefined => {
    if (e.op !== "term") return undefined;
    let name = e.id;
    for (let i = 2; weights.has(name); i++) name = `${e.id}_${i}`;
    weights.set(name, c);
    return `hp["weights"][${JSON.stringify(name)}]`;
  };
  const sym = { add: "+", sub: "-", mul: "*", div: "/", pow: "**" } as const;
  const prec = (e: ObjExpr): number =>
    e.op === "add" || e.op === "sub"
      ? 1
      : e.op === "mul" || e.op === "div"
        ? 2
        : e.op === "neg"
          ? 2.5
          : e.op === "pow"
            ? 3
            : 4;
  // Parentheses follow the tree exactly (equal precedence on the right keeps them), so
  // Python evaluates in the same order as the TypeScript target.
  const child = (c: ObjExpr, parent: ObjExpr, right: boolean): string => {
    const code = go(c);
    const pc = prec(c);
    const pp = prec(parent);
    return pc < pp || (pc === pp && (right || parent.op === "pow")) ? `(${code})` : code;
  };
  const go = (e: ObjExpr): string => {
    switch (e.op) {
      case "term":
        return `terms[${JSON.stringify(e.id)}]`;
      case "const":
        return String(e.value);
      case "schedule":
        return scheduleCall(e.entry, e.args);
      case "neg":
        return `-(${go(e.arg)})`;
      case "abs":
        return `abs(${go(e.arg)})`;
      default: {
        let left = child(e.left, e, false);
        let right = child(e.right, e, true);
        if (e.op === "mul" && e.left.op === "const")
          left = weightFor(e.left.value, e.right) ?? left;
        else if (e.op === "mul" && e.right.op === "const")
          right = weightFor(e.right.value, e.left) ?? right;
        return `${left} ${sym[e.op]} ${right}`;
      }
    }
  };
  const code = go(expr);
  // A long sum is written one operand per line inside parentheses (black's layout).
  const chain: string[] = [];
  const flatten = (e: ObjExpr): void => {
    if (e.op === "add" || e.op === "sub") {
      flatten(e.left);
      chain.push(`${e.op === "add" ? "+" : "-"} ${child(e.right, e, true)}`);
    } else chain.push(go(e));
  };
  if (`    total = ${code}`.length > 120 && (expr.op === "add" || expr.op === "sub")) {
    weights.clear();
    flatten(expr);
    return { code: `(\n${chain.map((c) => `        ${c}`).join("\n")}\n    )`, weights };
  }
  return { code, weights };
}
