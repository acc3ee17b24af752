/**
 * Diagnostic codes the stdlib's own `check()` functions report, and shared checks.
 * The codes are DIS3xxx (model semantics); the diagnostics owner lists them in the catalogue.
 */
import type { CheckContext, EntryIssue } from "./types.js";

/** Codes reported by stdlib checks, with their catalogue titles. */
export const STDLIB_ISSUE_CODES = {
  DIS3101: "term needs a latent with a Gaussian posterior q(z|x)",
  DIS3102: "minibatch estimator with batch size 1",
  DIS3103: "argument refers to a variable of the wrong role",
  DIS3104: "unusual hyperparameter combination",
  DIS3105: "unsupported argument value",
  DIS3106: "unknown scm",
} as const;

/**
 * Error DIS3101 unless the variable named by `param` has an encoder posterior.
 * Unknown names are left to the checker's own name resolution (no issue here).
 */
export function requirePosterior(ctx: CheckContext, param: string, entry: string): EntryIssue[] {
  const name = ctx.args[param];
  if (typeof name !== "string") return [];
  const v = ctx.variables[name];
  if (v === undefined || v.hasPosterior) return [];
  return [
    {
      code: "DIS3101",
      param,
      message: `${entry}(${name}) needs q(${name}|x), but no encoder produces a Gaussian posterior for '${name}'`,
      hint: `add an encoder \`encoder ...: x -> ${name}\` or remove the term`,
    },
  ];
}

/** Warning DIS3102 when a minibatch estimator (mws, mss) runs with batch size 1. */
export function warnBatchOne(ctx: CheckContext, entry: string, estimator: string): EntryIssue[] {
  if (ctx.batchSize !== 1) return [];
  return [
    {
      code: "DIS3102",
      severity: "warning",
      param: "estimator",
      message: `${entry} with estimator ${estimator} at batch size 1 estimates q(z) from a single sample; the term is degenerate`,
      hint: "use a batch size of 64 or more (the official beta-TCVAE code uses 2048)",
    },
  ];
}

/** Error DIS3103 unless the variable named by `param` has one of `roles`. */
export function requireRole(
  ctx: CheckContext,
  param: string,
  roles: readonly ("latent" | "code" | "noise" | "observed")[],
  entry: string,
): EntryIssue[] {
  const name = ctx.args[param];
  if (typeof name !== "string") return [];
  const v = ctx.variables[name];
  if (v === undefined || roles.includes(v.role)) return [];
  return [
    {
      code: "DIS3103",
      param,
      message: `${entry} expects '${param}' to be a ${roles.join(" or ")} variable, but '${name}' is a ${v.role}`,
    },
  ];
}

/** Error DIS3106 when the `scm` argument names no declared scm (dag, l1). */
export function requireScm(ctx: CheckContext, entry: string): EntryIssue[] {
  const name = ctx.args["scm"];
  if (typeof name !== "string" || ctx.scms.includes(name)) return [];
  return [
    {
      code: "DIS3106",
      param: "scm",
      message: `${entry}(${name}): no scm named '${name}'`,
      hint: ctx.scms.length
        ? `declared: ${ctx.scms.join(", ")}`
        : "declare one with `scm A over z (...)`",
    },
  ];
}
