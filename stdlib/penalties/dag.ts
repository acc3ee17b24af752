/** dag(A): the acyclicity constraint h(A) of a learned SCM adjacency, optionally as NOTEARS's augmented Lagrangian. */
import * as tf from "@tensorflow/tfjs";
import { argEnum, argNumber, argString } from "../args.js";
import type { ArgValue, EntryIssue, PenaltyDef } from "../types.js";
import { requireScm } from "../issues.js";
import { extraTensor, str } from "./context.js";
import { dagValue, DEFAULT_H_TOL, DualAscentState } from "./dag-dual-ascent.js";

const FORMS = ["polynomial", "exponential"] as const;
const UPDATES = ["none", "dual_ascent"] as const;

const isDualAscent = (args: Readonly<Record<string, ArgValue>>): boolean =>
  args["update"] === "dual_ascent";

/**
 * h(A) for the adjacency A [d, d] of `scm A over z`, read from ctx.extra[A] (provided by the
 * causal_vae backbone). Scalar, 0 iff A is a DAG. With `update: dual_ascent` the value is
 * α·h(A) + (ρ/2)·h(A)², α and ρ held in the term's state (createState) and updated every
 * `every` steps by dual ascent (dag-dual-ascent.ts). Throws when the backbone gave no A, or
 * when dual_ascent is asked for without the state.
 */
export const dag: PenaltyDef = {
  kind: "penalty",
  name: "dag",
  traits: { minimised: true },
  updates: (args) => (isDualAscent(args) ? ["main", "own"] : ["main"]),
  signature: {
    params: [
      {
        name: "scm",
        type: { kind: "ref", of: ["scm"] },
        positional: true,
        doc: "the scm whose adjacency A [d, d] (d concepts) is constrained",
      },
      {
        name: "form",
        type: { kind: "enum", values: FORMS },
        default: "polynomial",
        doc: "polynomial tr((I + A∘A/d)^d) − d (CausalVAE, DAG-GNN) or exponential tr(e^{A∘A}) − d (NOTEARS)",
      },
      {
        name: "update",
        type: { kind: "enum", values: UPDATES },
        default: "none",
        doc: "none: the value is h(A) (weights written in the loss); dual_ascent: the value is α·h + (ρ/2)·h², α and ρ updated by dual ascent (NOTEARS Algorithm 1)",
      },
      {
        name: "rho",
        type: { kind: "number", min: 0 },
        default: 1,
        doc: "dual_ascent only: initial penalty coefficient ρ > 0 (α starts at 0)",
      },
      {
        name: "growth",
        type: { kind: "number", min: 1 },
        default: 10,
        doc: "dual_ascent only: ρ ← min(growth·ρ, rho_max) when h(A) > 0.25·h at the previous update",
      },
      {
        name: "every",
        type: { kind: "number", unit: "steps", integer: true, min: 1 },
        default: 200,
        doc: "dual_ascent only: optimizer steps between two updates of α and ρ, steps",
      },
      {
        name: "rho_max",
        type: { kind: "number", min: 0 },
        default: 1e16,
        doc: "dual_ascent only: upper bound on ρ (NOTEARS: 1e16)",
      },
      {
        name: "h_tol",
        type: { kind: "number", min: 0 },
        default: DEFAULT_H_TOL,
        doc: "dual_ascent only: ρ no longer grows once h(A) ≤ h_tol (NOTEARS stops there, with 1e-8 in float64; h in float32 is noise below ~1e-6)",
      },
    ],
    doc: "Acyclicity measure h(A) ≥ 0 of the SCM's weighted adjacency A [d, d], zero exactly when A is a DAG; unitless scalar. update: none returns h(A): the official CausalVAE code's fixed augmented Lagrangian is `3 * dag(A) + 0.5 * dag(A) ^ 2`. update: dual_ascent returns α·h(A) + (ρ/2)·h(A)² (write it with weight 1) with α = 0 and ρ = rho at the start; after every `every` steps α ← α + ρ·h(A), and ρ ← min(growth·ρ, rho_max) when h(A) > max(h_tol, 0.25·h_prev), h_prev ← h(A) (+∞ before the first update). The primal is not re-solved after ρ grows (the new ρ applies to the next period). α, ρ, h are logged as `<term>.alpha`, `<term>.rho`, `<term>.h` and saved in checkpoints. Gradient updates: main (none); main + own (dual_ascent: own = the multipliers α, ρ, set by dual ascent, never by gradients).",
    source:
      "Zheng et al. 2018 (NOTEARS) eq. 6 (exponential), eq. 13 and Algorithm 1 (augmented Lagrangian, dual ascent, c = 0.25); Yu et al. 2019 (DAG-GNN) eq. 13 (polynomial); Yang et al. 2021 (CausalVAE) and huawei-noah trustworthyAI CausalVAE utils._h_A.",
    needs: ["scm"],
    check: (ctx) => {
      const issues: EntryIssue[] = requireScm(ctx, "dag");
      const { rho, rho_max: rhoMax } = ctx.args;
      if (typeof rho === "number" && rho <= 0) {
        issues.push({
          code: "DIS2012",
          param: "rho",
          message: "`rho` of `dag` must be greater than 0",
          hint: "NOTEARS starts at `rho: 1`",
        });
      } else if (typeof rho === "number" && typeof rhoMax === "number" && rhoMax < rho) {
        issues.push({
          code: "DIS2012",
          param: "rho_max",
          message: `\`rho_max\` of \`dag\` (${rhoMax}) must be at least \`rho\` (${rho})`,
        });
      }
      return issues;
    },
  },
  createState(args) {
    if (!isDualAscent(args)) throw new Error("dag: only update: dual_ascent has state");
    return new DualAscentState({
      scm: argString(args, "scm", "dag"),
      form: argEnum(args, "form", FORMS, "dag"),
      rho: argNumber(args, "rho", "dag"),
      growth: argNumber(args, "growth", "dag"),
      every: argNumber(args, "every", "dag"),
      rhoMax: argNumber(args, "rho_max", "dag"),
      hTol: args["h_tol"] === undefined ? DEFAULT_H_TOL : argNumber(args, "h_tol", "dag"),
    });
  },
  reads: (args) => [`extra.${str(args, "scm")}`],
  compute(ctx, args, state) {
    const name = argString(args, "scm", "dag");
    const form = argEnum(args, "form", FORMS, "dag");
    // absent `update` (a hand-written call from before it existed) is the plain h(A)
    const update = args["update"] === undefined ? "none" : argEnum(args, "update", UPDATES, "dag");
    const a = extraTensor(ctx, name, "dag", "the causal_vae backbone (the scm's adjacency)");
    if (a.rank !== 2) throw new Error(`dag(${name}): adjacency must be [d, d], got [${a.shape}]`);
    if (update === "none") return dagValue(a as tf.Tensor2D, form);
    const s = state as Partial<DualAscentState> | undefined;
    if (typeof s?.lagrangian !== "function") {
      throw new Error(
        "dag(update: dual_ascent) needs the state from createState(); the trainer must create it once",
      );
    }
    return tf.tidy(() => s.lagrangian!(dagValue(a as tf.Tensor2D, form)));
  },
};
