/**
 * The driver: the only place that knows the order of the stages.
 *
 *   text → tokens → AST (+ DIS1xxx) → check (+ DIS2xxx, DIS3xxx) → IR → plan → code (+ DIS4xxx)
 *
 * No file I/O, never exits, never throws for user input: an exception inside a stage is an
 * internal compiler error and becomes a DIS4001 diagnostic ("this is a bug").
 * The IR is produced only when there are no errors.
 */
import { astToJson, parse, tokenize, type Token } from "../grammar/index.js";
import type { Program } from "../grammar/ast.js";
import { registry as builtinRegistry } from "../stdlib/registry.js";
import { checkProgram } from "./check/index.js";
import type { RegistryLike } from "./check/types.js";
import { FILE_START, hasErrors, makeDiagnostic, sortDiagnostics } from "./diagnostics/make.js";
import type { Diagnostic } from "./diagnostics/types.js";
import { lowerModel } from "./ir/lower.js";
import { lowerSpans, type ModelSpans } from "./ir/spans.js";
import { selectModel } from "./check/select-model.js";
import type { ModelIR } from "./ir/types.js";
import { planModel } from "./plan/plan.js";
import type { TrainingPlan } from "./plan/types.js";
import { DISC_VERSION } from "./version.js";
import { pytorchSupportDiagnostics } from "./emit/pytorch/support.js";
import type { ParamValue, StudySpec } from "./study/types.js";

/** The stages one can stop after; "plan" is the front end's "ir" plus the plan of the model compiled. */
export type Stage = "tokens" | "ast" | "check" | "ir" | "plan";

export interface FrontEndOptions {
  /** The registry to check against (built-ins plus user entries); default: built-ins. */
  readonly registry?: RegistryLike;
  /** Stop after this stage; default "ir". */
  readonly stopAfter?: Stage;
  /**
   * Values for the spec's `param` declarations (`disc train --set beta=4`, one run of a study);
   * they replace the declared defaults. An unknown name or a value of the wrong type is a
   * diagnostic.
   */
  readonly params?: Readonly<Record<string, ParamValue>>;
}

export interface FrontEndResult {
  /** All diagnostics, sorted by position. */
  readonly diagnostics: Diagnostic[];
  readonly tokens?: readonly Token[];
  readonly ast?: Program;
  /** The IR of the first model (absent when there is any error). */
  readonly ir?: ModelIR;
  /** The IR of every model, in source order. */
  readonly irs?: readonly ModelIR[];
  /** The source spans of each of `irs` (compiler/ir/spans.ts), index for index. */
  readonly spans?: readonly ModelSpans[];
  /** The checked `study` of every model that declares one (absent when there is any error). */
  readonly studies?: readonly StudySpec[];
}

function internalError(stage: string, err: unknown): Diagnostic {
  const msg = err instanceof Error ? err.message : String(err);
  return makeDiagnostic(
    "DIS4001",
    FILE_START,
    `Internal compiler error in the ${stage} stage: ${msg.replace(/\.$/, "")}.`,
    {
      hint: "this is a bug, please report it with your file.",
    },
  );
}

/**
 * Runs the front end over one file's text. `fileName` appears in diagnostics and provenance.
 * Returns whatever stages completed; `ir` and `studies` only when there are no errors.
 * `opts.params` gives values to the spec's params (compiler/check/params.ts); a value for no
 * param (DIS2018) or of the wrong type or unit (DIS2019) is a diagnostic.
 */
export function runFrontEnd(
  text: string,
  fileName: string,
  opts: FrontEndOptions = {},
): FrontEndResult {
  const stop = opts.stopAfter ?? "ir";
  const diags: Diagnostic[] = [];
  const done = (r: Omit<FrontEndResult, "diagnostics">): FrontEndResult => ({
    diagnostics: sortDiagnostics(diags),
    ...r,
  });
  if (stop === "tokens") {
    try {
      const lexed = tokenize(text);
      diags.push(...lexed.diagnostics);
      return done({ tokens: lexed.tokens });
    } catch (err) {
      diags.push(internalError("lexer", err));
      return done({});
    }
  }
  let ast: Program;
  try {
    const parsed = parse(text, fileName);
    ast = parsed.ast;
    diags.push(...parsed.diagnostics);
  } catch (err) {
    diags.push(internalError("parser", err));
    return done({});
  }
  if (stop === "ast") return done({ ast });
  const registry = opts.registry ?? builtinRegistry;
  let checked;
  try {
    checked = checkProgram(ast, fileName, registry, {
      recovering: hasErrors(diags),
      ...(opts.params ? { params: opts.params } : {}),
    });
    diags.push(...checked.diagnostics);
  } catch (err) {
    diags.push(internalError("checker", err));
    return done({ ast });
  }
  if (hasErrors(diags)) return done({ ast });
  if (stop === "check") return done({ ast, studies: checked.studies });
  try {
    const irs = checked.models.map((m) => lowerModel(ast, m, text, registry));
    const spans = checked.models.map((m) => lowerSpans(m, registry));
    return done({ ast, ir: irs[0], irs, spans, studies: checked.studies });
  } catch (err) {
    diags.push(internalError("lowering", err));
    return done({ ast });
  }
}

// ---------------------------------------------------------------------------------------------
// The back end: IR → TypeScript program.

export interface CompileOptions extends FrontEndOptions {
  /** Values given on the command line; they replace the spec's and are marked "command line". */
  readonly overrides?: { readonly steps?: number; readonly seed?: number };
  /**
   * Import specifier of a `use` module (as written) for the trainer of model `modelName`,
   * relative to where it will be written; computed by the CLI (see compiler/extend/prepare.ts).
   */
  readonly resolveModule?: (usePath: string, modelName: string) => string;
  /**
   * Code generator: "ts" (default; `<model>.trainer.ts` on TensorFlow.js) or "pytorch"
   * (`<model>.py` + the `disc_torch/` runtime, PyTorch DDP; see docs/pytorch.md).
   */
  readonly target?: "ts" | "pytorch";
  /**
   * The model to compile (`--model NAME`); without it a file must declare one model
   * (compiler/check/select-model.ts: DIS3026 for several, DIS2001 for a name it does not declare).
   */
  readonly model?: string;
}

/** The compile's result; `ir` is the IR of the model compiled (`CompileOptions.model`). */
export interface CompileResult extends FrontEndResult {
  /** The training plan of the model compiled (compiler/plan/), when the compile got that far. */
  readonly plan?: TrainingPlan;
  /**
   * Generated files by name: `<model>.trainer.ts` first, then the resolved spec it reads,
   * `<model>.spec.json` (the PyTorch target: `<model>.py`, `<model>.spec.json` and its runtime);
   * empty on errors or when stopped early.
   */
  readonly files: Readonly<Record<string, string>>;
  /** `astToJson(ast)`, for `--emit ast`. */
  readonly astJson?: unknown;
}

/** Applies command-line overrides to an IR (a pure copy). */
export function applyOverrides(ir: ModelIR, overrides: CompileOptions["overrides"]): ModelIR {
  if (!overrides) return ir;
  const from = "command line";
  return {
    ...ir,
    train: {
      ...ir.train,
      ...(overrides.steps !== undefined ? { steps: { value: overrides.steps, from } } : {}),
      ...(overrides.seed !== undefined ? { seed: { value: overrides.seed, from } } : {}),
    },
  };
}

/**
 * The front end's result with `ir` the model to compile (and `modelSpans` its spans), or
 * without `ir` and with why not.
 */
function chooseModel(
  front: FrontEndResult,
  opts: CompileOptions,
): FrontEndResult & { modelSpans?: ModelSpans } {
  if (!front.irs || !front.ast) return front;
  const { ir: _first, ...rest } = front;
  const chosen = selectModel(front.ast, front.irs, opts.model);
  const diagnostics = sortDiagnostics([...front.diagnostics, ...chosen.diagnostics]);
  if (!chosen.model) return { ...rest, diagnostics };
  const modelSpans = front.spans?.[front.irs.indexOf(chosen.model)];
  return { ...rest, ir: chosen.model, diagnostics, ...(modelSpans ? { modelSpans } : {}) };
}

/**
 * The whole compiler: front end, then the plan (compiler/plan/) and the emitter for the model
 * `opts.model` names, or the file's only model (`ir` and `plan` are that model's; DIS3026 for a
 * file of several models without `opts.model`). A backbone the target cannot emit yet is a
 * DIS4002-class diagnostic (DIS4003), a planner or emitter exception an internal error
 * (DIS4001). No file I/O; never throws for user input.
 */
export async function compile(
  text: string,
  fileName: string,
  opts: CompileOptions = {},
): Promise<CompileResult> {
  const whole = runFrontEnd(text, fileName, opts);
  const { modelSpans, ...front } = chooseModel(whole, opts);
  const astJson = front.ast ? astToJson(front.ast) : undefined;
  if (!front.ir || (opts.stopAfter !== undefined && opts.stopAfter !== "plan")) {
    return { ...front, astJson, files: {} };
  }
  const ir = applyOverrides(front.ir, opts.overrides);
  let plan: TrainingPlan;
  try {
    plan = planModel(ir, modelSpans, opts.registry);
  } catch (err) {
    const diagnostics = [...front.diagnostics, internalError("planning", err)];
    return { ...front, ir, astJson, diagnostics, files: {} };
  }
  if (opts.stopAfter === "plan") return { ...front, ir, plan, astJson, files: {} };
  if (opts.target === "pytorch") {
    const support = pytorchSupportDiagnostics(ir, plan, text);
    const diagnostics = sortDiagnostics([...front.diagnostics, ...support]);
    if (hasErrors(support)) return { ...front, ir, plan, astJson, diagnostics, files: {} };
    try {
      const { emitPytorch } = await import("./emit/pytorch/emit-python.js");
      return {
        ...front,
        ir,
        plan,
        astJson,
        diagnostics,
        files: emitPytorch(ir, plan, { discVersion: DISC_VERSION }),
      };
    } catch (err) {
      return {
        ...front,
        ir,
        plan,
        astJson,
        diagnostics: [...diagnostics, internalError("pytorch emitter", err)],
        files: {},
      };
    }
  }
  // the emitters (ts-morph, prettier: seconds to load) load only here, so `disc check` never pays
  const { EMITTABLE_BACKBONES, emitTrainer, specFileName } = await import("./emit/emit-program.js");
  if (!EMITTABLE_BACKBONES.includes(ir.backbone)) {
    const d = makeDiagnostic(
      "DIS4003",
      FILE_START,
      `The TypeScript target cannot train the ${ir.backbone} backbone yet.`,
      {
        hint: "`disc check` and `--emit ir` work for it; training support is tracked as its own issue.",
      },
    );
    return { ...front, ir, plan, astJson, diagnostics: [...front.diagnostics, d], files: {} };
  }
  try {
    const resolve = opts.resolveModule;
    const code = await emitTrainer(ir, plan, {
      discVersion: DISC_VERSION,
      ...(resolve ? { resolveModule: (p: string) => resolve(p, ir.name) } : {}),
    });
    // the trainer, and beside it the resolved spec it reads and records in config.json
    const files = {
      [`${ir.name}.trainer.ts`]: code,
      [specFileName(ir.name)]: `${JSON.stringify(ir, null, 2)}\n`,
    };
    return { ...front, ir, plan, astJson, files };
  } catch (err) {
    return {
      ...front,
      ir,
      plan,
      astJson,
      diagnostics: [...front.diagnostics, internalError("emitter", err)],
      files: {},
    };
  }
}
