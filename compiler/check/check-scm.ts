/**
 * Validation of `scm A over z (concepts: [...], init: zeros)`: a linear structural causal model
 * over the concept blocks of a latent (CausalVAE, Yang et al. 2021, eq. 1: z = Aᵀz + ε).
 * The concept count must divide the latent size (and match the first dimension of `normal(n x k)`).
 * `init` is `zeros`, `random` or `given [[…], …]`, an n×n matrix checked in scm-init.ts (DIS3017)
 * and carried into the IR as the matrix itself (number[][]).
 */
import type { ScmDecl } from "../../grammar/ast.js";
import type { Signature } from "../../stdlib/types.js";
import { resolveArgs } from "./args.js";
import type { CheckContext } from "./context.js";
import { checkGivenInit, ownInitArg } from "./scm-init.js";
import type { CheckedScm, CheckedVariable, SymbolInfo } from "./types.js";
import { checkValue } from "./values.js";

/** The checker's own signature of `scm` (it is a declaration, not a registry entry). */
export const SCM_SIGNATURE: Signature = {
  params: [
    {
      name: "concepts",
      type: { kind: "list", of: { kind: "string" } },
      default: [],
      doc: "names of the concepts, one per block of the latent; [] names them c1 … cn from `normal(n x k)`",
    },
    {
      name: "init",
      type: { kind: "enum", values: ["zeros", "random"] },
      default: "zeros",
      doc: "initial adjacency A: all zeros, small random weights uniform(−0.1, 0.1), or `given [[…], …]`, an n×n matrix (row i: edges from concept i; zero diagonal)",
    },
    {
      name: "learn_from",
      type: { kind: "enum", values: ["all", "labels"] },
      default: "all",
      doc: "which terms train A: all (the paper: every term, through the causal and mask layers too) or labels (the latent's causal and mask layers use A without gradient to it; only the label terms, dag and l1 shape it)",
    },
  ],
  doc: "A linear SCM z = Aᵀz + ε over the concept blocks of a latent, with a learnable adjacency A [n, n].",
  source: "Yang et al. 2021 (CausalVAE) eq. 1.",
};

/** Resolves an scm; returns null after reporting an error. */
export function checkScm(
  ctx: CheckContext,
  decl: ScmDecl,
  scope: ReadonlyMap<string, SymbolInfo>,
  variables: ReadonlyMap<string, CheckedVariable>,
): CheckedScm | null {
  if (!decl.name || !decl.over) return null;
  const over = checkValue(
    ctx,
    { scope, what: `\`scm ${decl.name.name} over\`` },
    { kind: "ref", of: ["latent"] },
    {
      kind: "Ref",
      name: decl.over.name,
      span: decl.over.span,
    },
  );
  // `init: given [[…]]` is not an enum value: checked against the concepts below
  const own = ownInitArg(ctx, decl.args ?? []);
  const r = resolveArgs(
    ctx,
    scope,
    SCM_SIGNATURE,
    (decl.args ?? []).filter((a) => a !== own?.arg),
    { name: "scm", span: decl.name.span },
  );
  if (own?.reported) return null;
  if (typeof over !== "string" || r === undefined) return null;
  const v = variables.get(over);
  if (v === undefined) return null;
  let concepts = (r.args["concepts"]?.value ?? []) as string[];
  const blocks = v.shape.length === 2 ? v.shape[0]! : undefined;
  if (concepts.length === 0 && blocks !== undefined) {
    concepts = Array.from({ length: blocks }, (_, i) => `c${i + 1}`);
    r.args["concepts"] = { value: concepts, from: "default" };
  }
  const where = r.argSpans["concepts"] ?? decl.name.span;
  if (
    concepts.length === 0 ||
    v.size % concepts.length !== 0 ||
    (blocks !== undefined && blocks !== concepts.length)
  ) {
    ctx.report(
      "DIS3012",
      where,
      concepts.length === 0
        ? `\`scm ${decl.name.name}\` needs concepts, and \`${over}\` is not declared in blocks.`
        : `\`scm ${decl.name.name}\` has ${concepts.length} concepts, but \`${over}\` ${blocks !== undefined ? `has ${blocks} blocks (${v.shape.join(" x ")})` : `has size ${v.size}, not a multiple of ${concepts.length}`}.`,
      {
        hint: `declare the latent as \`normal(${Math.max(1, concepts.length)} x k)\`, one block of k dims per concept.`,
        related: [{ span: v.span, message: `\`${over}\` is declared here.` }],
      },
    );
    return null;
  }
  if (own) {
    const matrix = checkGivenInit(ctx, decl.name.name, concepts, own.arg);
    if (matrix === undefined) return null;
    r.args["init"] = { value: matrix, from: ctx.from(own.arg.span) };
  }
  return {
    name: decl.name.name,
    over,
    concepts,
    conceptSize: v.size / concepts.length,
    args: r.args,
    span: decl.name.span,
    declSpan: decl.span,
    from: ctx.from(decl.span),
  };
}
