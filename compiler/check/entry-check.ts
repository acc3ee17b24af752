/**
 * Running a registry entry's own `signature.check()` and turning its issues into diagnostics at
 * the named argument (or the call). A throw inside a check is a library bug (DIS4002).
 */
import type { CheckContext as EntryCheckContext } from "../../stdlib/types.js";
import { CATALOGUE, type DiagnosticCode } from "../diagnostics/catalogue.js";
import type { CheckContext } from "./context.js";
import type { ResolvedCall } from "./types.js";

/**
 * Runs `call.entry.signature.check` with `ectx`. Issues at a span start in `taken` are skipped
 * (the checker already reported that spot). Returns true when an error was reported.
 */
export function runEntryCheck(
  ctx: CheckContext,
  call: ResolvedCall,
  ectx: EntryCheckContext,
  taken: ReadonlySet<number> = new Set(),
): boolean {
  const check = call.entry.signature.check;
  if (!check) return false;
  let error = false;
  try {
    for (const issue of check(ectx)) {
      const known = issue.code in CATALOGUE;
      const span = (issue.param ? call.argSpans[issue.param] : undefined) ?? call.span;
      if (taken.has(span.start.offset)) continue;
      const message = issue.message;
      ctx.report(
        known ? (issue.code as DiagnosticCode) : "DIS4002",
        span,
        message.endsWith(".") ? message : `${message}.`,
        {
          hint:
            issue.hint === undefined
              ? undefined
              : issue.hint.endsWith(".") || issue.hint.endsWith("?")
                ? issue.hint
                : `${issue.hint}.`,
          severity: issue.severity,
        },
      );
      if (
        (issue.severity ?? (known ? CATALOGUE[issue.code as DiagnosticCode].severity : "error")) ===
        "error"
      )
        error = true;
    }
  } catch (err) {
    ctx.report(
      "DIS4002",
      call.span,
      `The check of \`${call.entry.name}\` failed: ${(err as Error).message}.`,
      {
        hint: "this is a bug in the library entry, please report it with your file.",
      },
    );
    error = true;
  }
  return error;
}
