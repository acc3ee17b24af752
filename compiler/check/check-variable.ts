/** Validation of `latent | noise | code NAME ~ DIST(args)`: the prior, its args, size and shape. */
import type { VariableDecl } from "../../grammar/ast.js";
import type {
  ArgValue,
  DistributionDef,
  CheckContext as EntryCheckContext,
} from "../../stdlib/types.js";
import { resolveCall } from "./args.js";
import { runEntryCheck } from "./entry-check.js";
import type { CheckContext } from "./context.js";
import type { CheckedVariable, SymbolInfo } from "./types.js";
import { plainArgs } from "./values.js";

/** The declared shape: the first `shape`-typed argument ([10] or [4, 4]), else [size]. */
function declaredShape(
  def: DistributionDef,
  values: Record<string, ArgValue>,
  size: number,
): number[] {
  for (const p of def.signature.params) {
    const v = values[p.name];
    if (p.type.kind !== "shape" && p.name !== "size") continue;
    if (typeof v === "number") return [v];
    if (Array.isArray(v) && v.every((d) => typeof d === "number")) return v as number[];
  }
  return [size];
}

/** Resolves the prior; returns null after reporting an error. */
export function checkVariable(
  ctx: CheckContext,
  decl: VariableDecl,
  scope: ReadonlyMap<string, SymbolInfo>,
): CheckedVariable | null {
  const dist = decl.distribution;
  if (!decl.name || !dist?.callee) return null;
  const def = ctx.lookup<DistributionDef>(["distribution"], dist.callee);
  if (def === undefined) return null;
  const call = resolveCall(ctx, scope, def, dist.args ?? [], dist.callee, dist.span);
  if (call === undefined) return null;
  const values = plainArgs(call.args);
  // a distribution's own check reads only its arguments (`uniform(1, -1)`: DIS2012); the model
  // around it is not known yet, and the size below needs valid arguments
  const ectx: EntryCheckContext = {
    backbone: "vae",
    args: values,
    variables: {},
    scms: [],
    networks: [],
    batchSize: 1,
  };
  if (runEntryCheck(ctx, call, ectx)) return null;
  let size: number;
  try {
    size = def.size(values);
  } catch (err) {
    ctx.report(
      "DIS4002",
      dist.span,
      `The distribution \`${def.name}\` failed on these arguments: ${(err as Error).message}.`,
      {
        hint: "this is a bug in the library entry, please report it with your file.",
      },
    );
    return null;
  }
  return {
    name: decl.name.name,
    role: decl.role,
    dist: call,
    size,
    shape: declaredShape(def, values, size),
    hasPosterior: false,
    span: decl.name.span,
    declSpan: decl.span,
    from: ctx.from(decl.span),
  };
}
