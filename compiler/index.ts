/**
 * disc's programmatic API. The core takes text and returns diagnostics and stage outputs;
 * it never touches the file system and never exits.
 */
import { parse as parseText } from "../grammar/index.js";
import type { Program } from "../grammar/ast.js";
import { runFrontEnd, type FrontEndOptions } from "./driver.js";
import type { Diagnostic } from "./diagnostics/types.js";

export {
  compile,
  runFrontEnd,
  type CompileOptions,
  type CompileResult,
  type FrontEndOptions,
  type FrontEndResult,
  type Stage,
} from "./driver.js";
export {
  renderDiagnostics,
  renderDiagnostic,
  summaryLine,
  type RenderOptions,
} from "./diagnostics/render.js";
export { CATALOGUE, type DiagnosticCode, type CatalogueEntry } from "./diagnostics/catalogue.js";
export { editDistance, closest, didYouMean } from "./diagnostics/suggest.js";
export type { Diagnostic, Severity, RelatedInfo } from "./diagnostics/types.js";
export type * from "./ir/types.js";
export type { ModelSpans, SourceSpan } from "./ir/spans.js";
export { planModel } from "./plan/plan.js";
export type {
  FoldExpr,
  ForwardStep,
  LinearPart,
  ObjectiveFold,
  Phase,
  TermPlan,
  TrainingPlan,
} from "./plan/types.js";
export type { RegistryLike } from "./check/types.js";
export type { ParamInfo, ParamValue, StudyAxis, StudyRun, StudySpec } from "./study/types.js";

/** Parses and checks `text`; returns every DIS1xxx–DIS4xxx diagnostic, sorted by position. */
export function check(
  text: string,
  fileName: string,
  opts: Omit<FrontEndOptions, "stopAfter"> = {},
): { diagnostics: Diagnostic[] } {
  return { diagnostics: runFrontEnd(text, fileName, { ...opts, stopAfter: "check" }).diagnostics };
}

/** Parses `text` into an AST (partial where broken) with its syntax diagnostics. */
export function parse(text: string, fileName: string): { ast: Program; diagnostics: Diagnostic[] } {
  return parseText(text, fileName);
}
