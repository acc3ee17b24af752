/**
 * Which model `disc compile` and `disc train` compile. A file may declare several models and
 * `disc check` checks every one, but a trainer is the program of one model: `--model NAME`
 * picks it (DIS2001 when the file declares no model of that name), and a file of several models
 * without `--model` is DIS3026 rather than the first model compiled and the others dropped.
 */
import type { Program } from "../../grammar/ast.js";
import { makeDiagnostic } from "../diagnostics/make.js";
import { closest } from "../diagnostics/suggest.js";
import type { Diagnostic } from "../diagnostics/types.js";

const quoted = (names: readonly string[]): string => names.map((n) => `\`${n}\``).join(", ");

/**
 * The model of `program` to compile, out of `models` (one per model block of `program`, in
 * source order, e.g. the IRs of a file that checked clean): the one named `name`, else the only
 * one. `model` is absent when `diagnostics` holds an error (or `models` is empty).
 */
export function selectModel<T extends { readonly name: string }>(
  program: Program,
  models: readonly T[],
  name?: string,
): { model?: T; diagnostics: Diagnostic[] } {
  const decls = program.models;
  const names = models.map((m) => m.name);
  if (name !== undefined) {
    const model = models.find((m) => m.name === name);
    if (model) return { model, diagnostics: [] };
    const near = closest(name, names);
    const at = (decls.find((d) => d.name.name === near) ?? decls[0])?.name.span ?? program.span;
    const hint = near
      ? `did you mean \`--model ${near}\`?`
      : "name one of the models this file declares.";
    const message = `\`--model ${name}\` names no model of this file; it declares ${quoted(names)}.`;
    return { diagnostics: [makeDiagnostic("DIS2001", at, message, { hint })] };
  }
  if (models.length <= 1)
    return models[0] ? { model: models[0], diagnostics: [] } : { diagnostics: [] };
  const second = decls[1]!;
  const choices = names.map((n) => `\`--model ${n}\``);
  const diagnostic = makeDiagnostic(
    "DIS3026",
    second.name.span,
    `This file declares ${models.length} models (${quoted(names)}); disc compiles one model at a time.`,
    {
      hint: `choose one with ${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}, or put each model in a file of its own (\`disc check\` checks them all).`,
      related: decls
        .filter((d) => d !== second)
        .map((d) => ({ span: d.name.span, message: `\`${d.name.name}\` is declared here.` })),
    },
  );
  return { diagnostics: [diagnostic] };
}
