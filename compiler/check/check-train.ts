/**
 * Validation of `train { … }`: known settings with types and units, and optimizers
 * (`optimizer: adam(lr: 1e-4)`, or per network in a GAN: `optimizer discriminator: adam(…)`).
 */
import type { Entry, Span, TrainBlock } from "../../grammar/ast.js";
import type { OptimizerDef, Signature } from "../../stdlib/types.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { resolveArgs, resolveCall } from "./args.js";
import type { CheckContext } from "./context.js";
import { printExpr } from "../format/print-expr.js";
import type { CheckedOptimizer, CheckedTerm, CheckedTrain, SymbolInfo } from "./types.js";

/** The settings of a train block, with their defaults (the resolved spec prints each). */
export const TRAIN_SIGNATURE: Signature = {
  params: [
    {
      name: "steps",
      type: { kind: "number", unit: "steps", integer: true, min: 1 },
      default: 10000,
      doc: "optimizer steps to train for",
    },
    {
      name: "seed",
      type: { kind: "number", integer: true, min: 0 },
      default: 0,
      doc: "seed of initialisation, data order and sampling",
    },
    {
      name: "clip",
      type: { kind: "number", min: 0 },
      default: 0,
      doc: "global-norm gradient clip; 0 = off",
    },
    {
      name: "log_every",
      type: { kind: "number", unit: "steps", integer: true, min: 1 },
      default: 100,
      doc: "steps between progress lines",
    },
    {
      name: "checkpoint_every",
      type: { kind: "number", unit: "steps", integer: true, min: 1 },
      default: 1000,
      doc: "steps between checkpoints",
    },
  ],
  doc: "Training settings.",
  source: "disc",
};

/** The default optimizer: adam(lr: 1e-4) (disentanglement_lib's shared.gin). */
export const DEFAULT_OPTIMIZER = { name: "adam", lr: 1e-4 } as const;

/** Reports DIS2014 for an unknown key and DIS2011 for a repeated one; returns the entries to keep. */
export function knownEntries(
  ctx: CheckContext,
  entries: readonly Entry[],
  keys: readonly string[],
  block: string,
  repeatable: readonly string[] = [],
): Entry[] {
  const seen = new Map<string, Span>();
  const out: Entry[] = [];
  for (const e of entries) {
    if (!e.key) continue;
    const k = e.key.name;
    if (!keys.includes(k)) {
      ctx.report("DIS2014", e.key.span, `\`${block}\` has no setting \`${k}\`.`, {
        hint: didYouMean(k, keys),
      });
      continue;
    }
    const id = `${k}/${e.qualifier?.name ?? ""}`;
    const prev = seen.get(id);
    if (prev !== undefined && !(repeatable.includes(k) && e.qualifier)) {
      ctx.report("DIS2011", e.key.span, `\`${k}\` is set twice in \`${block}\`.`, {
        related: [{ span: prev, message: "It is first set here." }],
      });
      continue;
    }
    seen.set(id, e.key.span);
    if (e.qualifier && !repeatable.includes(k)) {
      ctx.report(
        "DIS2014",
        e.qualifier.span,
        `\`${k}\` takes no qualifier; only \`optimizer NETWORK:\` does.`,
      );
      continue;
    }
    out.push(e);
  }
  return out;
}

/**
 * The hint for `optimizer NAME:` where NAME is no network but a term of the loss trains its own
 * network (FactorVAE's discriminator): that term takes the optimizer as an argument.
 */
function termOptimizerHint(e: Entry, terms: readonly CheckedTerm[]): string | undefined {
  const own = terms.find((t) => t.call.entry.signature.params.some((p) => p.name === "optimizer"));
  if (own === undefined) return undefined;
  const name = own.call.entry.name;
  // the setting under which the term reads an optimizer (`estimator: discriminator`)
  const when = own.call.entry.signature.params.find((p) => p.name === "optimizer")?.appliesWhen;
  const now = when ? own.call.args[when.param]?.value : undefined;
  const mode = when
    ? when.values.includes(String(now))
      ? String(now)
      : when.values[0]
    : undefined;
  const args = [
    own.target ?? "…",
    ...(when && mode !== undefined ? [`${when.param}: ${mode}`] : []),
    `optimizer: ${printExpr(e.value)}`,
  ];
  return `a term that trains its own network takes that network's optimizer as an argument: \`${name}(${args.join(", ")})\`.`;
}

function checkOptimizer(
  ctx: CheckContext,
  e: Entry,
  scope: ReadonlyMap<string, SymbolInfo>,
  terms: readonly CheckedTerm[],
): CheckedOptimizer | null {
  let target = "main";
  if (e.qualifier) {
    const sym = scope.get(e.qualifier.name);
    if (sym === undefined || sym.kind !== "network") {
      ctx.report(
        "DIS2007",
        e.qualifier.span,
        `\`${e.qualifier.name}\` is not a declared network.`,
        {
          hint: termOptimizerHint(e, terms) ?? ctx.scopeHint(e.qualifier.name, scope, ["network"]),
        },
      );
      return null;
    }
    target = e.qualifier.name;
  }
  const v = e.value;
  const callee =
    v.kind === "Call" ? v.callee : v.kind === "Ref" ? { name: v.name, span: v.span } : undefined;
  if (callee === undefined) {
    ctx.report("DIS2004", v.span, "`optimizer` expects an optimizer such as `adam(lr: 1e-4)`.");
    return null;
  }
  const def = ctx.lookup<OptimizerDef>(["optimizer"], callee);
  if (def === undefined) return null;
  const call = resolveCall(ctx, scope, def, v.kind === "Call" ? v.args : [], callee, v.span);
  return call ? { target, call, declSpan: e.span, from: ctx.from(e.span) } : null;
}

/** Checks a train block (or its absence: every default); `terms` are the loss's, for hints. */
export function checkTrain(
  ctx: CheckContext,
  block: TrainBlock | undefined,
  scope: ReadonlyMap<string, SymbolInfo>,
  terms: readonly CheckedTerm[] = [],
): CheckedTrain {
  const keys = [...TRAIN_SIGNATURE.params.map((p) => p.name), "optimizer"];
  const entries = block ? knownEntries(ctx, block.entries ?? [], keys, "train", ["optimizer"]) : [];
  const optimizers: CheckedOptimizer[] = [];
  for (const e of entries.filter((x) => x.key.name === "optimizer")) {
    const o = checkOptimizer(ctx, e, scope, terms);
    if (o) optimizers.push(o);
  }
  const args = entries
    .filter((x) => x.key.name !== "optimizer")
    .map((x) => ({ kind: "Arg" as const, name: x.key, value: x.value, span: x.span }));
  const r = resolveArgs(ctx, scope, TRAIN_SIGNATURE, args, {
    name: "train",
    span: block?.span ?? {
      start: { offset: 0, line: 1, column: 1 },
      end: { offset: 0, line: 1, column: 1 },
    },
  });
  const settings =
    r?.args ??
    Object.fromEntries(
      TRAIN_SIGNATURE.params.map((p) => [p.name, { value: p.default!, from: "default" }]),
    );
  return { settings, optimizers };
}
