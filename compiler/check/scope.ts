/**
 * The model scope: observed variables bound by the data set (`x`, and `y` when it has factors),
 * declared latents / codes / noise, networks, scms and params. Reports DIS2006 for a name
 * declared twice.
 */
import type { ModelDecl, Span } from "../../grammar/ast.js";
import type { CheckContext } from "./context.js";
import type { CheckedData, SymbolInfo } from "./types.js";

/** Declares `sym`, reporting DIS2006 (with the first declaration as related span) on a clash. */
export function declare(
  ctx: CheckContext,
  scope: Map<string, SymbolInfo>,
  sym: SymbolInfo,
): boolean {
  const prev = scope.get(sym.name);
  if (prev !== undefined) {
    const what = prev.kind === "observed" ? "is bound by the data set" : "is already declared";
    ctx.report("DIS2006", sym.span, `\`${sym.name}\` ${what}.`, {
      hint:
        prev.kind === "network"
          ? `give this one its own name: \`${sym.role ?? "network"} ${sym.name}2 = …\`.`
          : "choose another name.",
      related: [{ span: prev.span, message: `\`${sym.name}\` is declared here.` }],
    });
    return false;
  }
  scope.set(sym.name, sym);
  return true;
}

/** Binds the observed variables of the data set (`x`; `y` when it has factors or labels). */
export function declareObserved(
  scope: Map<string, SymbolInfo>,
  data: CheckedData | null,
  span: Span,
): void {
  scope.set("x", { name: "x", kind: "observed", role: "observed", span });
  if (data !== null && data.factorNames.length > 0) {
    scope.set("y", { name: "y", kind: "observed", role: "observed", span });
  }
}

/** Declares every variable, network, scm and param of the model, in source order. */
export function declareItems(
  ctx: CheckContext,
  scope: Map<string, SymbolInfo>,
  model: ModelDecl,
): void {
  for (const item of model.items) {
    switch (item.kind) {
      case "Variable":
        if (item.name)
          declare(ctx, scope, {
            name: item.name.name,
            kind: item.role,
            role: item.role,
            span: item.name.span,
          });
        break;
      case "Network": {
        const id = item.name ?? { name: item.role, span: item.roleSpan };
        declare(ctx, scope, { name: id.name, kind: "network", span: id.span });
        break;
      }
      case "Scm":
        if (item.name)
          declare(ctx, scope, { name: item.name.name, kind: "scm", span: item.name.span });
        break;
      case "Param":
        if (item.name && item.name.name !== "")
          declare(ctx, scope, { name: item.name.name, kind: "param", span: item.name.span });
        break;
      default:
        break;
    }
  }
}
