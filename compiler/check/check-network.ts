/**
 * Validation of network items `ROLE [NAME =] ARCH(args): IN -> OUT [~ LIKELIHOOD]`:
 * the architecture and its args, the likelihood, and the wiring rules of each role.
 * Shapes are checked afterwards by shapes.ts, once every variable's size is known.
 */
import type { Ident, NetworkDecl } from "../../grammar/ast.js";
import { roleDef } from "../../stdlib/backbones/index.js";
import type { LikelihoodDef, NetworkDef } from "../../stdlib/types.js";
import { resolveCall } from "./args.js";
import { article, describeSymbol, type CheckContext } from "./context.js";
import type { CheckedNetwork, ResolvedCall, SymbolInfo } from "./types.js";

type Want = readonly SymbolInfo["kind"][];

/** What a role's inputs and outputs may be (stdlib/backbones/: null = free names, e.g. logits). */
function wiring(role: string): { in: Want; out: Want | null; words: [string, string] } {
  const r = roleDef(role) ?? roleDef("network")!;
  return { in: r.reads.kinds, out: r.produces.kinds, words: [r.reads.words, r.produces.words] };
}

function checkWire(
  ctx: CheckContext,
  scope: ReadonlyMap<string, SymbolInfo>,
  id: Ident,
  want: Want | null,
  role: string,
  side: 0 | 1,
  words: string,
): boolean {
  const sym = scope.get(id.name);
  if (want === null || id.name === "") return true; // free names, e.g. a discriminator's `real` logit
  if (sym === undefined) {
    ctx.report("DIS2007", id.span, `\`${id.name}\` is not declared.`, {
      hint: ctx.scopeHint(id.name, scope, want) ?? ctx.scopeHint(id.name, scope),
    });
    return false;
  }
  if (!want.includes(sym.kind)) {
    ctx.report(
      "DIS2016",
      id.span,
      `${article(role) === "an" ? "An" : "A"} ${role} ${side === 0 ? "reads" : "produces"} ${words}, but \`${id.name}\` is ${describeSymbol(sym)}.`,
      {
        related: [{ span: sym.span, message: `\`${sym.name}\` is declared here.` }],
      },
    );
    return false;
  }
  return true;
}

/** Resolves one network declaration; returns null after reporting an error. */
export function checkNetwork(
  ctx: CheckContext,
  decl: NetworkDecl,
  scope: ReadonlyMap<string, SymbolInfo>,
): CheckedNetwork | null {
  if (!decl.arch) return null;
  const name = decl.name?.name ?? decl.role;
  const def = ctx.lookup<NetworkDef>(["network"], decl.arch);
  const call = def
    ? resolveCall(ctx, scope, def, decl.args ?? [], decl.arch, decl.span)
    : undefined;
  const rule = wiring(decl.role);
  let ok = call !== undefined;
  const inputs = decl.inputs ?? [];
  const outputs = decl.outputs ?? [];
  for (const id of inputs)
    ok = checkWire(ctx, scope, id, rule.in, decl.role, 0, rule.words[0]) && ok;
  for (const id of outputs)
    ok = checkWire(ctx, scope, id, rule.out, decl.role, 1, rule.words[1]) && ok;
  for (const [side, ids] of [
    ["reads", inputs],
    ["produces", outputs],
  ] as const) {
    const seen = new Set<string>();
    for (const id of ids) {
      if (!seen.has(id.name) || id.name === "") {
        seen.add(id.name);
        continue;
      }
      ctx.report("DIS2016", id.span, `This ${decl.role} ${side} \`${id.name}\` twice.`, {
        hint: `name \`${id.name}\` once.`,
      });
      ok = false;
    }
  }
  if (decl.role === "head" && inputs.length !== 1 && inputs.length > 0) {
    ctx.report("DIS2016", inputs[1]!.span, "A head reads exactly one network.");
    ok = false;
  }
  // the forward pass feeds one variable from each network's output (a head's are split per code)
  if (roleDef(decl.role)?.outputs === "one" && outputs.length > 1) {
    ctx.report(
      "DIS2016",
      outputs[1]!.span,
      `${article(decl.role) === "an" ? "An" : "A"} ${decl.role} produces one variable, but \`${outputs[1]!.name}\` is a second one.`,
      {
        hint:
          decl.role === "encoder"
            ? `declare one encoder per latent, e.g. \`encoder e2 = conv64(): x -> ${outputs[1]!.name}\`.`
            : `declare one ${decl.role} per variable it produces.`,
      },
    );
    ok = false;
  }
  let likelihood: CheckedNetwork["likelihood"] = null;
  const modelsData = outputs.some((o) => scope.get(o.name)?.kind === "observed");
  if (decl.likelihood) {
    if (!roleDef(decl.role)?.likelihood) {
      ctx.report(
        "DIS2016",
        decl.likelihood.span,
        `Only a decoder takes a likelihood; a ${decl.role} does not.`,
        {
          hint: "remove the `~ …` part.",
        },
      );
      ok = false;
    } else {
      const ld = ctx.lookup<LikelihoodDef>(["likelihood"], decl.likelihood.callee);
      const lc = ld
        ? resolveCall(
            ctx,
            scope,
            ld,
            decl.likelihood.args ?? [],
            decl.likelihood.callee,
            decl.likelihood.span,
          )
        : undefined;
      if (lc === undefined) ok = false;
      else likelihood = { call: lc, from: ctx.from(decl.likelihood.span) };
    }
  } else if (decl.role === "decoder" && modelsData) {
    const ld = ctx.registry.lookup("likelihood", "bernoulli") as LikelihoodDef | undefined;
    if (ld !== undefined) {
      const lc = resolveCall(ctx, scope, ld, [], { name: "bernoulli", span: decl.span }, decl.span);
      if (lc) likelihood = { call: lc, from: "default" };
    }
  }
  if (!ok || call === undefined) return null;
  return {
    name,
    role: decl.role,
    call: call as ResolvedCall<NetworkDef>,
    inputs: inputs.map((i) => i.name),
    outputs: outputs.map((o) => o.name),
    inputShape: [],
    outputShape: [],
    likelihood,
    span: decl.arch.span,
    declSpan: decl.span,
    from: ctx.from(decl.span),
  };
}
