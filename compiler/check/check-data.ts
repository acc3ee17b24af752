/** Validation of the `data NAME(args)` item: the data set entry, its args, image shape and factors. */
import type { DataDecl } from "../../grammar/ast.js";
import type { DatasetDef } from "../../stdlib/types.js";
import { resolveCall } from "./args.js";
import { runEntryCheck } from "./entry-check.js";
import type { CheckContext } from "./context.js";
import type { CheckedData, SymbolInfo } from "./types.js";
import { plainArgs } from "./values.js";

/**
 * Resolves the data set and calls its `imageShape` / `factorNames` (a throw there is reported as
 * DIS4002, a library bug). Returns null after reporting an error.
 */
export function checkData(
  ctx: CheckContext,
  decl: DataDecl,
  scope: ReadonlyMap<string, SymbolInfo>,
): CheckedData | null {
  if (!decl.dataset) return null;
  const def = ctx.lookup<DatasetDef>(["dataset"], decl.dataset);
  if (def === undefined) return null;
  const call = resolveCall(ctx, scope, def, decl.args ?? [], decl.dataset, decl.span);
  if (call === undefined) return null;
  const values = plainArgs(call.args);
  const batch = values["batch"];
  const ectx = {
    backbone: "vae" as const,
    args: values,
    variables: {},
    scms: [],
    networks: [],
    batchSize: typeof batch === "number" ? batch : 64,
  };
  if (runEntryCheck(ctx, call, ectx)) return null;
  try {
    const shape = def.imageShape(values);
    const factorNames = def.factorNames(values);
    return {
      call,
      imageShape: [shape[0], shape[1], shape[2]],
      factorNames: [...factorNames],
      declSpan: decl.span,
      from: ctx.from(decl.span),
    };
  } catch (err) {
    ctx.report(
      "DIS4002",
      decl.span,
      `The data set \`${def.name}\` failed on these arguments: ${(err as Error).message}.`,
      {
        hint: "this is a bug in the library entry, please report it with your file.",
      },
    );
    return null;
  }
}
