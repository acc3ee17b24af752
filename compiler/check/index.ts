/**
 * The checker: resolves names against the scope and the stdlib registry, checks argument types,
 * units and shapes, and the model rules. Validation is organised per node kind (check-*.ts);
 * this file only fixes their order. Name/type errors (DIS2xxx) of a model are all reported;
 * the model rules (DIS3xxx) run when a model has none, so they never stack on a typo.
 */
import type { Expr, ModelDecl, Program, Span, StudyBlock, TrainBlock } from "../../grammar/ast.js";
import type { StudySpec } from "../study/types.js";
import { FILE_START } from "../diagnostics/make.js";
import type { Diagnostic } from "../diagnostics/types.js";
import { determineBackbone } from "./backbone.js";
import { checkData } from "./check-data.js";
import { checkEvaluate } from "./check-evaluate.js";
import { sizeQHead } from "./check-gan.js";
import { checkLoss } from "./check-loss.js";
import { checkNetwork } from "./check-network.js";
import {
  annotateParamReads,
  checkOverrideNames,
  checkUnusedParams,
  collectParams,
  type ParamOverrides,
} from "./check-params.js";
import { checkScm } from "./check-scm.js";
import { checkStudy } from "./check-study.js";
import { checkTrain } from "./check-train.js";
import { checkVariable } from "./check-variable.js";
import { checkWiring } from "./check-wiring.js";
import { epochBasis } from "./epochs.js";
import { CheckContext } from "./context.js";
import { declareItems, declareObserved } from "./scope.js";
import { checkSemantics } from "./semantics.js";
import { checkShapes } from "./shapes.js";
import { substituteParams, type CheckedParam } from "./params.js";
import { recheckGrid } from "./study-recheck.js";
import type { CheckedModel, CheckedVariable, RegistryLike, SymbolInfo } from "./types.js";

export type { CheckedModel, RegistryLike } from "./types.js";

export interface CheckResult {
  readonly diagnostics: Diagnostic[];
  /** One per model block, in source order (also for models with errors). */
  readonly models: CheckedModel[];
  /** The checked study of every model with a valid `study` block, in source order. */
  readonly studies: StudySpec[];
}

/** How {@link checkModel} checks a model. */
export interface ModelCheckOptions {
  /** Values for the model's params (`FrontEndOptions.params`); they replace the defaults. */
  readonly params?: ParamOverrides;
  /** Check the `study` block (default true; off when re-checking one grid value). */
  readonly study?: boolean;
}

function errorCount(ctx: CheckContext): number {
  return ctx.errorCount();
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

/**
 * Checks one model block. Its params are substituted first (params.ts), so every check below
 * sees a param's value where it is read; `m.decl` is the substituted model.
 */
export function checkModel(
  ctx: CheckContext,
  source: ModelDecl,
  opts: ModelCheckOptions = {},
): CheckedModel {
  const before = errorCount(ctx);
  const start = ctx.diagnostics.length;
  const table = collectParams(ctx, source, opts.params ?? {});
  const decl = substituteParams(source, table, ctx.paramReads);
  const items = decl.items ?? [];
  const nameSpan = decl.name?.span ?? decl.span;
  const scope = new Map<string, SymbolInfo>();
  const dataDecl = single(
    ctx,
    items.filter((i) => i.kind === "Data"),
    "`data` item",
  );
  const data = dataDecl ? checkData(ctx, dataDecl, scope) : null;
  ctx.epochs = epochBasis(data);
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
    params: [...table.values()].filter((p): p is CheckedParam => p !== null),
    paramReads: ctx.paramReads,
    study: null,
  };
  const vars = new Map<string, CheckedVariable>();
  for (const item of items) {
    if (item.kind !== "Variable") continue;
    const v = checkVariable(ctx, item, scope);
    if (v && !vars.has(v.name)) {
      vars.set(v.name, v);
      m.variables.push(v);
    }
  }
  m.backbone = determineBackbone(ctx, decl);
  const netNames = new Set<string>();
  for (const item of items) {
    if (item.kind !== "Network") continue;
    const n = checkNetwork(ctx, item, scope);
    if (!n || netNames.has(n.name)) continue;
    netNames.add(n.name);
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
  checkWiring(ctx, m);
  const loss = single(
    ctx,
    items.filter((i) => i.kind === "Loss"),
    "`loss`",
  );
  if (loss?.expr) {
    m.lossExpr = loss.expr as Expr;
    checkLoss(ctx, m, loss.expr);
    sizeQHead(m);
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
  m.train = checkTrain(ctx, train, scope, m.terms);
  const evaluate = single(
    ctx,
    items.filter((i) => i.kind === "Evaluate"),
    "`evaluate` block",
  );
  if (evaluate?.kind === "Evaluate") m.evaluate = checkEvaluate(ctx, evaluate, scope, data);
  const readsKnown = !ctx.recovering && errorCount(ctx) === before;
  const study = single(
    ctx,
    items.filter((i): i is StudyBlock => i.kind === "Study"),
    "`study` block",
  );
  if (study && opts.study !== false) m.study = checkStudy(ctx, m, table, study, readsKnown);
  if (readsKnown) checkUnusedParams(ctx, table, study);
  if (errorCount(ctx) === before && !ctx.recovering) checkSemantics(ctx, m);
  annotateParamReads(ctx, start, table);
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
  opts: { readonly recovering?: boolean; readonly params?: ParamOverrides } = {},
): CheckResult {
  const ctx = new CheckContext(registry, fileName, opts.recovering ?? false);
  const params = opts.params ?? {};
  const models: CheckedModel[] = [];
  const studies: StudySpec[] = [];
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
    const before = errorCount(ctx);
    const m = checkModel(ctx, model, { params });
    models.push(m);
    if (m.study === null || errorCount(ctx) !== before) continue;
    // one run's compile (values given) checks its own values only; `disc check` checks them all
    if (Object.keys(params).length === 0)
      recheckGrid(ctx, m, (k, v) => {
        const again = new CheckContext(registry, fileName, false);
        checkModel(again, model, { params: { [k]: v }, study: false });
        return again.diagnostics;
      });
    if (errorCount(ctx) === before) studies.push(m.study);
  }
  checkOverrideNames(ctx, ast, params);
  if ((ast.models ?? []).length === 0 && !opts.recovering) {
    ctx.report("DIS3010", ast.span ?? FILE_START, "The file declares no model.", {
      hint: "add `model NAME { … }`.",
    });
  }
  return { diagnostics: ctx.diagnostics, models, studies };
}
