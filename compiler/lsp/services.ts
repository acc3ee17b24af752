/**
 * The language features, as pure functions of a document's text (no connection, no I/O):
 * diagnostics, completion, hover, go to definition, document symbols and formatting. The
 * results are plain LSP 3.17 objects; server.ts sends them.
 */
import { pathToFileURL } from "node:url";
import type {
  CompletionItem,
  CompletionItemKind,
  Diagnostic as LspDiagnostic,
  DiagnosticSeverity,
  DocumentSymbol,
  SymbolKind,
} from "vscode-languageserver/node.js";
import type { Program } from "../../grammar/ast.js";
import { parse } from "../../grammar/index.js";
import { registry as builtinRegistry } from "../../stdlib/registry.js";
import type { RegistryLike } from "../check/types.js";
import type { Diagnostic } from "../diagnostics/types.js";
import type { ExtendedRegistry } from "../extend/load-uses.js";
import { moduleOf } from "../extend/module-of.js";
import { formatDis } from "../format/format.js";
import { roleDef } from "../../stdlib/backbones/index.js";
import { printExpr } from "../format/print-expr.js";
import {
  declarations,
  entriesNamed,
  entryMarkdown,
  EVALUATE_KEYS,
  KEYWORDS,
  kindsForContext,
  modelAt,
  paramMarkdown,
  STUDY_KEYS,
  STUDY_WORDS,
  TRAIN_KEYS,
} from "./knowledge.js";
import { enclosingCall, spanContains, spanToRange, wordAt, type LspRange } from "./positions.js";

// LSP enum values (vscode-languageserver-types)
const SEVERITY: Record<"error" | "warning", DiagnosticSeverity> = { error: 1, warning: 2 };
const ITEM = { Function: 3, Variable: 6, Property: 10, Keyword: 14 } as const satisfies Record<
  string,
  CompletionItemKind
>;
const SYMBOL = {
  Module: 2,
  Namespace: 3,
  Class: 5,
  Field: 8,
  Function: 12,
  Variable: 13,
  Constant: 14,
  Object: 19,
} as const satisfies Record<string, SymbolKind>;

/** The LSP form of a disc diagnostic: same code and span; the hint appended to the message. */
export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: spanToRange(d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: "disc",
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
  };
}

/** Completion at `offset`: named arguments inside a call, else entry names, declared names and keywords. */
export function completions(
  text: string,
  offset: number,
  registry: RegistryLike = builtinRegistry,
): CompletionItem[] {
  const program = parse(text, "doc.dis").ast;
  const call = enclosingCall(text, offset);
  if (call) {
    const afterColon = /:\s*[A-Za-z0-9_]*$/.test(
      text
        .slice(Math.max(0, offset - 60), offset)
        .split(/[(,]/)
        .pop() ?? "",
    );
    const entries = entriesNamed(registry, call.callee);
    if (entries.length > 0 && !afterColon) {
      const seen = new Set<string>();
      const items: CompletionItem[] = [];
      for (const e of entries) {
        for (const p of e.signature.params) {
          if (call.given.includes(p.name) || seen.has(p.name)) continue;
          seen.add(p.name);
          items.push({
            label: p.name,
            kind: ITEM.Property,
            detail: `${e.name}: ${p.name}`,
            documentation: { kind: "markdown", value: p.doc },
            insertText: `${p.name}: `,
          });
        }
      }
      return [...items, ...declared(program, offset)];
    }
  }
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const items: CompletionItem[] = [];
  for (const kind of kindsForContext(prefix)) {
    for (const e of registry.list(kind)) {
      const module = moduleOf(registry, kind, e.name);
      items.push({
        label: e.name,
        kind: ITEM.Function,
        detail: `${kind}${module ? ` (${module})` : ""}`,
        documentation: { kind: "markdown", value: entryMarkdown(e, module) },
      });
    }
  }
  // at the start of an item: after a newline, `{`, `;` or `,` (items may share a line)
  const inBlock = /^\s*\w*$/.test(prefix.split(/[{;,]/).pop() ?? "");
  if (inBlock) {
    const block = enclosingBlock(text, offset);
    if (block === "grid")
      return declared(program, offset).filter((d) => d.detail.startsWith("param"));
    const keys =
      block === "train"
        ? TRAIN_KEYS
        : block === "evaluate"
          ? EVALUATE_KEYS
          : block === "study"
            ? STUDY_KEYS
            : KEYWORDS;
    items.push(...keys.map((k) => ({ label: k, kind: ITEM.Keyword })));
  }
  return [...items, ...declared(program, offset)];
}

function declared(
  program: Program,
  offset: number,
): (CompletionItem & { label: string; detail: string })[] {
  const m = modelAt(program, offset);
  return m
    ? declarations(m)
        .map((d) => ({
          label: d.name,
          kind: ITEM.Variable,
          detail: d.kind === "param" ? `param = ${d.value ?? "?"}` : d.kind,
        }))
        .filter((d, i, a) => a.findIndex((x) => x.label === d.label) === i)
    : [];
}

/** The keyword of the innermost `{ … }` block around `offset` (train, evaluate, study, grid, model). */
function enclosingBlock(text: string, offset: number): string | undefined {
  let depth = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === "}") depth++;
    else if (c === "{") {
      if (depth === 0)
        return /(train|evaluate|study|grid|model)\b[^{}]*$/.exec(
          text.slice(Math.max(0, i - 80), i),
        )?.[1];
      depth--;
    }
  }
  return undefined;
}

/** Hover at `offset`: an entry's doc and parameters, a named argument's doc, or a declared name. */
export function hover(
  text: string,
  offset: number,
  registry: RegistryLike = builtinRegistry,
): { contents: { kind: "markdown"; value: string }; range: LspRange } | undefined {
  const w = wordAt(text, offset);
  if (!w) return undefined;
  const range = {
    start: positionOf(text, w.start),
    end: positionOf(text, w.start + w.word.length),
  };
  const md = (value: string) => ({ contents: { kind: "markdown" as const, value }, range });
  const after = text.slice(w.start + w.word.length, w.start + w.word.length + 40);
  const call = enclosingCall(text, w.start);
  if (call && /^\s*:/.test(after)) {
    for (const e of entriesNamed(registry, call.callee)) {
      const p = e.signature.params.find((q) => q.name === w.word);
      if (p) return md(`\`${p.name}\` — parameter of **${e.name}**\n\n${p.doc}`);
    }
  }
  const entries = entriesNamed(registry, w.word);
  if (entries.length > 0)
    return md(
      entries.map((e) => entryMarkdown(e, moduleOf(registry, e.kind, e.name))).join("\n\n---\n\n"),
    );
  const program = parse(text, "doc.dis").ast;
  const m = modelAt(program, offset);
  const d = m && declarations(m).find((x) => x.name === w.word);
  if (m && d?.kind === "param") return md(paramMarkdown(m, d));
  if (d)
    return md(
      `\`${text.slice(d.full.start.offset, d.full.end.offset).split("\n")[0]}\` — ${d.kind}`,
    );
  const studyWord = STUDY_WORDS[w.word];
  if (studyWord && enclosingBlock(text, w.start) === "study") return md(studyWord);
  const role = roleDef(w.word);
  if (role) return md(`\`${w.word}\` — network role. ${role.doc} Example: \`${role.example}\`.`);
  if (KEYWORDS.includes(w.word))
    return md(`\`${w.word}\` — keyword of the .dis language (docs/language.md)`);
  return undefined;
}

/** LSP position of a 0-based offset. */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1) };
}

/** Offset of an LSP position. */
export function offsetOf(text: string, pos: { line: number; character: number }): number {
  let off = 0;
  for (let l = 0; l < pos.line; l++) {
    const nl = text.indexOf("\n", off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + pos.character);
}

/**
 * Go to definition: a declared name → its declaration; a user entry → its module file
 * (`specFile` is the spec's path, for resolving `use` paths). Undefined elsewhere.
 */
export function definition(
  text: string,
  offset: number,
  uri: string,
  registry: RegistryLike = builtinRegistry,
  resolveUse?: (usePath: string) => string | undefined,
): { uri: string; range: LspRange } | undefined {
  const w = wordAt(text, offset);
  if (!w) return undefined;
  const program = parse(text, "doc.dis").ast;
  const m = modelAt(program, offset);
  const d = m && declarations(m).find((x) => x.name === w.word && !spanContains(x.span, offset));
  if (d) return { uri, range: spanToRange(d.span) };
  for (const e of entriesNamed(registry, w.word)) {
    const module = moduleOf(registry, e.kind, e.name);
    const file = module && resolveUse?.(module);
    if (file)
      return {
        uri: pathToFileURL(file).href,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      };
  }
  return undefined;
}

/** The outline: each model with its data, variables, networks, scms, loss, train and evaluate. */
export function documentSymbols(text: string): DocumentSymbol[] {
  const program = parse(text, "doc.dis").ast;
  const out: DocumentSymbol[] = program.uses.map((u) => ({
    name: `use ${u.path.value}`,
    kind: SYMBOL.Module,
    range: spanToRange(u.span),
    selectionRange: spanToRange(u.path.span),
  }));
  for (const m of program.models) {
    const children: DocumentSymbol[] = [];
    for (const it of m.items) {
      const r = spanToRange(it.span);
      const sym = (
        name: string,
        kind: SymbolKind,
        sel = it.span,
        detail?: string,
      ): DocumentSymbol => ({
        name,
        kind,
        range: r,
        selectionRange: spanToRange(sel),
        ...(detail ? { detail } : {}),
      });
      if (it.kind === "Data")
        children.push(sym(`data ${it.dataset.name}`, SYMBOL.Object, it.dataset.span));
      else if (it.kind === "Variable")
        children.push(
          sym(
            it.name.name,
            SYMBOL.Variable,
            it.name.span,
            `${it.role} ~ ${it.distribution.callee.name}`,
          ),
        );
      else if (it.kind === "Network")
        children.push(
          sym(
            it.name?.name ?? it.role,
            SYMBOL.Class,
            it.name?.span ?? it.roleSpan,
            `${it.role} ${it.arch.name}`,
          ),
        );
      else if (it.kind === "Scm")
        children.push(sym(it.name.name, SYMBOL.Field, it.name.span, `scm over ${it.over.name}`));
      else if (it.kind === "Loss") children.push(sym("loss", SYMBOL.Function));
      else if (it.kind === "Train") children.push(sym("train", SYMBOL.Namespace));
      else if (it.kind === "Evaluate") children.push(sym("evaluate", SYMBOL.Namespace));
      else if (it.kind === "Param")
        children.push(
          sym(it.name.name, SYMBOL.Constant, it.name.span, `param = ${printExpr(it.value)}`),
        );
      else if (it.kind === "Study") children.push(sym("study", SYMBOL.Namespace));
    }
    out.push({
      name: m.name.name || "model",
      kind: SYMBOL.Module,
      range: spanToRange(m.span),
      selectionRange: spanToRange(m.name.span),
      children,
    });
  }
  return out;
}

/** Whole-document formatting: one edit, or none when the text is formatted or does not parse. */
export function formatting(text: string): { range: LspRange; newText: string }[] {
  const r = formatDis(text);
  if (r.text === undefined || r.text === text) return [];
  return [
    {
      range: { start: { line: 0, character: 0 }, end: positionOf(text, text.length) },
      newText: r.text,
    },
  ];
}

export type { ExtendedRegistry };
