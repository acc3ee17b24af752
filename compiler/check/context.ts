/**
 * The checker's working state for one file: registry, diagnostics, and helpers every
 * per-node validator uses (reporting, provenance strings, registry lookups with hints).
 */
import type { Expr, Ident, Span } from "../../grammar/ast.js";
import type { AnyEntry, EntryKind } from "../../stdlib/types.js";
import type { DiagnosticCode } from "../diagnostics/catalogue.js";
import { makeDiagnostic, type DiagExtras } from "../diagnostics/make.js";
import { didYouMean } from "../diagnostics/suggest.js";
import type { Diagnostic } from "../diagnostics/types.js";
import type { EpochBasis } from "./epochs.js";
import type { CheckedParam } from "./params.js";
import type { RegistryLike, SymbolInfo } from "./types.js";

/** Human words for entry kinds, used in messages ("Unknown penalty `foo`."). */
export const KIND_WORD: Record<EntryKind, string> = {
  penalty: "penalty",
  network: "network architecture",
  likelihood: "likelihood",
  dataset: "data set",
  metric: "metric",
  optimizer: "optimizer",
  schedule: "schedule",
  distribution: "distribution",
};

/** Hints over a model's own names per file (see {@link CheckContext.mayHint}). */
export const MAX_SCOPE_HINTS = 100;

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  /** The literal nodes that stand for a param reference (params.ts), and their param. */
  readonly paramReads = new Map<Expr, CheckedParam>();
  /** Notes on how a value was derived (`2 epochs = … steps`), appended to its provenance. */
  readonly notes = new Map<Expr, string>();
  /** The current model's data set and batch, for `epochs` (epochs.ts). */
  epochs: EpochBasis | undefined;

  /**
   * @param recovering true when the AST was recovered from syntax errors: model-level rules
   *   (missing items, DIS3xxx) are skipped, since a missing piece may just be unparsed.
   */
  constructor(
    readonly registry: RegistryLike,
    readonly fileName: string,
    readonly recovering = false,
  ) {}

  private counted = 0;
  private errors = 0;
  private scopeHints = 0;

  /**
   * The number of errors among the diagnostics so far. Incremental (diagnostics are only ever
   * appended, or rewritten in place with the same severity), so asking once per model keeps
   * checking a file of many models linear.
   */
  errorCount(): number {
    for (; this.counted < this.diagnostics.length; this.counted++)
      if (this.diagnostics[this.counted]!.severity === "error") this.errors++;
    return this.errors;
  }

  /** Records a diagnostic with the catalogue's severity for `code`. */
  report(code: DiagnosticCode, span: Span, message: string, extras: DiagExtras = {}): void {
    this.diagnostics.push(makeDiagnostic(code, span, message, extras));
  }

  /** Provenance string "file:line:col" of a span. */
  from(span: Span): string {
    return `${this.fileName}:${span.start.line}:${span.start.column}`;
  }

  /** The param `e` was read from (`e`, or the operand of `-e`), if any. */
  paramOf(e: Expr): CheckedParam | undefined {
    return (
      this.paramReads.get(e) ?? (e.kind === "Unary" ? this.paramReads.get(e.operand) : undefined)
    );
  }

  /**
   * Provenance of a value written as `e` at `span`: its param's (`param beta (file.dis:3:3)`,
   * `param beta = 8 (--set)`) when `e` reads a param, else "file:line:col" of `span`.
   */
  valueFrom(e: Expr, span: Span): string {
    const from = this.paramOf(e)?.from ?? this.from(span);
    const note = this.notes.get(e);
    return note === undefined ? from : `${from} (${note})`;
  }

  /**
   * Looks `name` up among entries of one of `kinds`; reports DIS2001 (with a "did you mean"
   * over those kinds' names) and returns undefined when absent.
   */
  lookup<E extends AnyEntry = AnyEntry>(
    kinds: readonly EntryKind[],
    name: Ident | { name: string; span: Span },
  ): E | undefined {
    if (name.name === "") return undefined; // recovered from a syntax error, already reported
    for (const k of kinds) {
      const e = this.registry.lookup(k, name.name);
      if (e !== undefined) return e as E;
    }
    const candidates = kinds.flatMap((k) => this.registry.names(k));
    const words = kinds.map((k) => KIND_WORD[k]);
    const what =
      words.length <= 2
        ? words.join(" or ")
        : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
    this.report("DIS2001", name.span, `Unknown ${what} \`${name.name}\`.`, {
      hint: didYouMean(name.name, candidates),
    });
    return undefined;
  }

  /**
   * True while hints over a model's own names may still be computed: each compares the name
   * with every name in scope, so a file of thousands of misspelled names gets hints for its first
   * {@link MAX_SCOPE_HINTS} only, and checking stays linear.
   */
  mayHint(): boolean {
    return this.scopeHints++ < MAX_SCOPE_HINTS;
  }

  /** "did you mean" over the names in a model scope, optionally only some kinds. */
  scopeHint(
    name: string,
    scope: ReadonlyMap<string, SymbolInfo>,
    kinds?: readonly string[],
  ): string | undefined {
    if (!this.mayHint()) return undefined;
    const names = [...scope.values()]
      .filter((s) => !kinds || kinds.includes(s.kind))
      .map((s) => s.name);
    return didYouMean(name, names);
  }
}

/** "a" or "an" before `word`. */
export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

/** Describes a symbol for messages: "the latent `z`", "the network `encoder`". */
export function describeSymbol(s: SymbolInfo): string {
  if (s.kind === "observed") return `the observed variable \`${s.name}\``;
  return `the ${s.role ?? s.kind} \`${s.name}\``;
}
