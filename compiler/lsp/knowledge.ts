/**
 * What the language server knows about names: keywords, registry entries (built-ins and the
 * spec's `use` modules) and their documentation, and the names a spec declares.
 */
import type { ModelDecl, Program, Span } from "../../grammar/ast.js";
import { printExpr } from "../format/print-expr.js";
import type { AnyEntry, EntryKind, ParamSpec, ParamType } from "../../stdlib/types.js";
import type { RegistryLike } from "../check/types.js";
import { ENTRY_KINDS } from "../../stdlib/registry.js";
import { ROLE_NAMES } from "../../stdlib/backbones/index.js";

/** Every keyword of docs/language.md § Lexical. */
export const KEYWORDS = [
  "use",
  "model",
  "data",
  "latent",
  "noise",
  "code",
  ...ROLE_NAMES,
  "scm",
  "over",
  "loss",
  "train",
  "evaluate",
  "every",
  "param",
  "study",
];

/** Train-block settings (docs/language.md § Items). */
export const TRAIN_KEYS = ["optimizer", "steps", "seed", "clip", "log_every", "checkpoint_every"];
export const EVALUATE_KEYS = ["metrics", "traversals"];
/** What a `study { … }` block holds (docs/language.md § Hyperparameters and studies). */
export const STUDY_KEYS = ["seeds", "grid"];
/** Hover text of the words of a study block. */
export const STUDY_WORDS: Readonly<Record<string, string>> = {
  seeds:
    "`seeds` — the training seeds of a study: a list `[0, 1, 2]` or a count `5` (seeds 0 to 4); every configuration runs once per seed. Default: the train block's seed.",
  grid: "`grid` — the axes of a study, one `param: [values]` each. The axes expand in declaration order with the last one fastest and the seeds innermost: run index = configuration index · seeds + seed index.",
};

/** A parameter type as one short phrase, e.g. `number (nats)`, `mws | mss`. */
export function typeText(t: ParamType): string {
  switch (t.kind) {
    case "number":
      return `${t.integer ? "integer" : "number"}${t.unit ? ` (${t.unit})` : ""}${t.schedulable ? " or schedule" : ""}`;
    case "enum":
      return t.values.join(" | ");
    case "list":
      return `[${typeText(t.of)}]`;
    case "ref":
      return t.of.join(" | ");
    case "entry":
      return `${t.kind} ${t.of}`.replace("entry ", "");
    default:
      return t.kind;
  }
}

/** One parameter as a markdown list line. */
export function paramLine(p: ParamSpec): string {
  const def = p.default === undefined ? "required" : `default ${JSON.stringify(p.default)}`;
  return `- \`${p.name}\`: ${typeText(p.type)} (${def}${p.positional ? ", positional" : ""}) — ${p.doc}`;
}

/** The hover text of an entry: name and kind, doc, parameters, source, module. */
export function entryMarkdown(e: AnyEntry, module?: string): string {
  const sig = e.signature;
  return [
    `**${e.name}** — ${e.kind}${module ? ` from \`${module}\`` : ""}`,
    "",
    sig.doc,
    ...(sig.params.length > 0 ? ["", "Parameters:", ...sig.params.map(paramLine)] : []),
    ...(sig.source ? ["", `Source: ${sig.source}`] : []),
  ].join("\n");
}

/** Every entry of any kind named `name` (a name may be, e.g., both a network and a metric). */
export function entriesNamed(registry: RegistryLike, name: string): AnyEntry[] {
  return ENTRY_KINDS.map((k) => registry.lookup(k, name)).filter(
    (e): e is AnyEntry => e !== undefined,
  );
}

/** The entry kinds that fit the text of the current line before the cursor. */
export function kindsForContext(linePrefix: string): readonly EntryKind[] {
  const t = linePrefix.trimStart();
  if (/^data\s+\w*$/.test(t)) return ["dataset"];
  if (/~\s*\w*$/.test(t))
    return /^(latent|noise|code)\b/.test(t) ? ["distribution"] : ["likelihood"];
  const word = /^(\w+)\b[^:]*$/.exec(t)?.[1];
  if (word !== undefined && ROLE_NAMES.includes(word)) return ["network"];
  if (/^optimizer\b.*:\s*\w*$/.test(t)) return ["optimizer"];
  if (/^metrics\s*:/.test(t)) return ["metric"];
  return ["penalty", "schedule"];
}

/** A declared name and where. */
export interface Declaration {
  readonly name: string;
  readonly kind: "model" | "latent" | "noise" | "code" | "network" | "scm" | "observed" | "param";
  readonly span: Span;
  /** The whole declaration (for document symbols and hover). */
  readonly full: Span;
  /** A param's value as written (`4.0`, `25 nats`, `mss`). */
  readonly value?: string;
}

/** The names declared in `model` (variables, networks, scms, params, and x/y bound by `data`). */
export function declarations(model: ModelDecl): Declaration[] {
  const out: Declaration[] = [];
  for (const it of model.items) {
    if (it.kind === "Variable")
      out.push({ name: it.name.name, kind: it.role, span: it.name.span, full: it.span });
    if (it.kind === "Network")
      out.push({
        name: (it.name ?? { name: it.role }).name,
        kind: "network",
        span: it.name?.span ?? it.roleSpan,
        full: it.span,
      });
    if (it.kind === "Scm")
      out.push({ name: it.name.name, kind: "scm", span: it.name.span, full: it.span });
    if (it.kind === "Param" && it.name.name !== "")
      out.push({
        name: it.name.name,
        kind: "param",
        span: it.name.span,
        full: it.span,
        value: printExpr(it.value),
      });
    if (it.kind === "Data") {
      out.push({ name: "x", kind: "observed", span: it.dataset.span, full: it.span });
      out.push({ name: "y", kind: "observed", span: it.dataset.span, full: it.span });
    }
  }
  return out;
}

/** The model whose span holds `offset` (or the first). */
export function modelAt(program: Program, offset: number): ModelDecl | undefined {
  return (
    program.models.find((m) => m.span.start.offset <= offset && offset <= m.span.end.offset) ??
    program.models[0]
  );
}

/**
 * The hover text of a param: its value and the line it is declared on, how it is read, and the
 * values the model's study grid gives it (if any).
 */
export function paramMarkdown(model: ModelDecl, decl: Declaration): string {
  const axis = model.items
    .flatMap((it) => (it.kind === "Study" ? it.items : []))
    .flatMap((g) => (g.kind === "Grid" ? g.entries : []))
    .find((e) => e.key.name === decl.name);
  const values =
    axis?.value.kind === "List" ? axis.value.items.map((v) => `\`${printExpr(v)}\``) : [];
  return [
    `**${decl.name}** — param = \`${decl.value ?? "?"}\` (declared on line ${decl.span.start.line})`,
    "",
    "A hyperparameter: every reference to it in an expression reads this value;",
    `\`disc train --set ${decl.name}=…\` and a study's grid replace it.`,
    ...(values.length > 0 ? ["", `The study's grid tries ${values.join(", ")}.`] : []),
  ].join("\n");
}
