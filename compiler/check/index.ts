/**
 * The checker: resolves names against the scope and the stdlib registry, checks argument types,
 * units and shapes, and the model rules. Validation is organised per node kind (check-*.ts);
 * this file only fixes their order. Name/type errors (DIS2xxx) of a model are all reported;
 * the model rules (DIS3xxx) run when a model has none, so they never stack on a typo.
 */
import type { Expr, ModelDecl, Program, Span, TrainBlock } from "../../grammar/ast.js";
import { FILE_START } from "../diagnostics/make.js";
import type { Diagnostic } from "../diagnostics/types.js";
import { determineBackbone } from "./backbone.js";
import { checkData } from "./check-data.js";
import { checkEvaluate } from "./check-evaluate.js";
import { checkLoss } from "./check-loss.js";
import { checkNetwork } from "./check-network.js";
import { checkScm } from "./check-scm.js";
import { checkTrain } from "./check-train.js";
import { checkVariable } from "./check-variable.js";
import { CheckContext } from "./context.js";
import { declareItems, declareObserved } from "./scope.js";
import { checkSemantics } from "./semantics.js";
import { checkShapes } from "./shapes.js";
import type { CheckedModel, CheckedVariable, RegistryLike, SymbolInfo } from "./types.js";

export type { CheckedModel, RegistryLike } from "./types.js";

export interface CheckResult {
  readonly diagnostics: Diagnostic[];
  /** One per model block, in source order (also for models with errors). */
  readonly models: CheckedModel[];
}

function errorCount(ctx: CheckContext): number {
  return ctx.diagnostics.filter((d) => d.severity === "error").length;
}

/** Reports DIS2006 for a second item of a kind that may appear once; returns the first. */
function single<T extends { span: Span }>(
  ctx: CheckContext,
  items: readonly T[],
  what: string,
): T | undefined {
  for (const extra of items.slice(1)) {
    ctx.report("DIS2006", extra.span, `A model has one ${what}, but this is a second one.`, {
      related: [{ span: items[0]!.span, message: `The first ${what} is here.` }],
    });
  }
  return items[0];
}

/** Checks one model block. */
export function checkModel(ctx: CheckContext, decl: ModelDecl): CheckedModel {
  const before = errorCount(ctx);
  const items = decl.items ?? [];
  const nameSpan = decl.name?.span ?? decl.span;
  const scope = new Map<string, SymbolInfo>();
  const dataDecl = single(
    ctx,
    items.filter((i) => i.kind === "Data"),
    "`data` item",
  );
  const data = dataDecl ? checkData(ctx, dataDecl, scope) : null;
  if (!dataDecl && !ctx.recovering) {
    ctx.report(
      "DIS3002",
      nameSpan,
      `The model \`${decl.name?.name ?? "?"}\` has no \`data\` item.`,
      { hint: "add e.g. `data dsprites(batch: 64)`." },
    );
  }
  declareObserved(scope, data, dataDecl?.dataset?.span ?? nameSpan);
  declareItems(ctx, scope, decl);
  const m: CheckedModel = {
    decl,
    fileName: ctx.fileName,
    backbone: "vae",
    data,
    variables: [],
    networks: [],
    scms: [],
    terms: [],
    lossExpr: null,
    lossCalls: new Map(),
    train: { settings: {}, optimizers: [] },
    evaluate: null,
    scope,
  };
  for (const item of items) {
    if (item.kind !== "Variable") continue;
    const v = checkVariable(ctx, item, scope);
    if (v && !m.variables.some((x) => x.name === v.name)) m.variables.push(v);
  }
  m.backbone = determineBackbone(ctx, decl);
  const vars = new Map<string, CheckedVariable>(m.variables.map((v) => [v.name, v]));
  for (const item of items) {
    if (item.kind !== "Network") continue;
    const n = checkNetwork(ctx, item, scope);
    if (!n || m.networks.some((x) => x.name === n.name)) continue;
    m.networks.push(n);
    if (n.role === "encoder") {
      for (const o of n.outputs) {
        const v = vars.get(o);
        if (v && v.dist.entry.name === "normal") v.hasPosterior = true;
      }
    }
  }
  for (const item of items) {
    if (item.kind !== "Scm") continue;
    const s = checkScm(ctx, item, scope, vars);
    if (s) m.scms.push(s);
  }
  if (data) checkShapes(ctx, m);
  const loss = single(
    ctx,
    items.filter((i) => i.kind === "Loss"),
    "`loss`",
  );
  if (loss?.expr) {
    m.lossExpr = loss.expr as Expr;
    checkLoss(ctx, m, loss.expr);
  } else if (!loss && !ctx.recovering) {
    ctx.report("DIS3001", nameSpan, `The model \`${decl.name?.name ?? "?"}\` has no \`loss\`.`, {
      hint: "add e.g. `loss = recon(x) + kl(z)`.",
    });
  }
  const train = single(
    ctx,
    items.filter((i): i is TrainBlock => i.kind === "Train"),
    "`train` block",
  );
  m.train = checkTrain(ctx, train, scope);
  const evaluate = single(
    ctx,
    items.filter((i) => i.kind === "Evaluate"),
    "`evaluate` block",
  );
  if (evaluate?.kind === "Evaluate") m.evaluate = checkEvaluate(ctx, evaluate, scope, data);
  if (errorCount(ctx) === before && !ctx.recovering) checkSemantics(ctx, m);
  return m;
}

/**
 * Checks a whole program against `registry`. With `recovering` (the parser reported errors) the
 * model-level rules are skipped and only name/type/shape errors (DIS2xxx) are reported. Never throws for user input; an exception inside
 * a validator is the caller's to turn into DIS4001 (the driver does).
 */
export function checkProgram(
  ast: Program,
  fileName: string,
  registry: RegistryLike,
  opts: { readonly recovering?: boolean } = {},
): CheckResult {
  const ctx = new CheckContext(registry, fileName, opts.recovering ?? false);
  const models: CheckedModel[] = [];
  const seen = new Map<string, Span>();
  for (const model of ast.models ?? []) {
    const prev = model.name ? seen.get(model.name.name) : undefined;
    if (model.name && prev) {
      ctx.report(
        "DIS2006",
        model.name.span,
        `A model named \`${model.name.name}\` is already declared.`,
        {
          related: [{ span: prev, message: `\`${model.name.name}\` is declared here.` }],
        },
      );
    } else if (model.name) seen.set(model.name.name, model.name.span);
    models.push(checkModel(ctx, model));
  }
  if ((ast.models ?? []).length === 0 && !opts.recovering) {
    ctx.report("DIS3010", ast.span ?? FILE_START, "The file declares no model.", {
      hint: "add `model NAME { … }`.",
    });
  }
  return { diagnostics: ctx.diagnostics, models };
}
