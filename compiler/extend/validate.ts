/**
 * Shape checks of a user module's exports (`use "./my-term.ts"`): is a value a stdlib entry
 * written against disc's public types (stdlib/types.ts)? Pure; no I/O.
 */
import { CAPABILITIES } from "../../stdlib/backbones/index.js";
import type { AnyEntry, Capability, EntryKind, ParamType } from "../../stdlib/types.js";
import { ENTRY_KINDS } from "../../stdlib/registry.js";

/** The entry kinds a `use` module may define today (the emitter imports them from the module). */
export const USABLE_KINDS: readonly EntryKind[] = ["penalty"];

const NAME = /^[a-z][a-z0-9_]*$/;
const PARAM_KINDS = ["number", "bool", "string", "enum", "list", "shape", "ref", "entry", "record"];

/** True when `v` looks like an entry at all: an object with a string `kind` and `name` and a `signature`. */
export function looksLikeEntry(
  v: unknown,
): v is { kind: unknown; name: unknown; signature: unknown } {
  return typeof v === "object" && v !== null && "kind" in v && "name" in v && "signature" in v;
}

function paramTypeProblem(t: unknown, where: string): string | undefined {
  if (typeof t !== "object" || t === null || typeof (t as { kind?: unknown }).kind !== "string") {
    return `${where}: \`type\` must be an object with a \`kind\``;
  }
  const pt = t as ParamType;
  if (!PARAM_KINDS.includes(pt.kind))
    return `${where}: unknown type kind \`${pt.kind}\` (expected ${PARAM_KINDS.join(", ")})`;
  if (pt.kind === "enum" && (!Array.isArray(pt.values) || pt.values.length === 0))
    return `${where}: an enum needs a non-empty \`values\` list`;
  if (pt.kind === "list") return paramTypeProblem(pt.of, `${where} (list item)`);
  if (pt.kind === "ref" && !Array.isArray(pt.of))
    return `${where}: a ref needs \`of\`, a list of kinds`;
  return undefined;
}

/**
 * Every problem with `v` as an entry exported under `exportName`, as sentence fragments
 * (empty when it is a valid entry of a usable kind). Checks: kind, snake_case name, the
 * signature (params with name/type/doc, unique names, doc, source) and the runtime half of a
 * penalty (`compute` function, `updates`).
 */
export function entryProblems(v: unknown, exportName: string): string[] {
  if (!looksLikeEntry(v))
    return [`export \`${exportName}\` is not a disc entry (needs kind, name and signature)`];
  const out: string[] = [];
  const e = v as Record<string, unknown>;
  const kind = e["kind"];
  if (typeof kind !== "string" || !(ENTRY_KINDS as readonly string[]).includes(kind)) {
    out.push(`\`kind\` is ${JSON.stringify(kind)}, expected one of ${ENTRY_KINDS.join(", ")}`);
  } else if (!USABLE_KINDS.includes(kind as EntryKind)) {
    out.push(
      `a \`use\` module may define ${USABLE_KINDS.join(", ")} entries; \`${exportName}\` is a ${kind}`,
    );
  }
  const name = e["name"];
  if (typeof name !== "string" || !NAME.test(name))
    out.push(`\`name\` ${JSON.stringify(name)} must be snake_case ([a-z][a-z0-9_]*)`);
  const sig = e["signature"] as Record<string, unknown> | null;
  if (typeof sig !== "object" || sig === null) {
    out.push("`signature` must be an object with params, doc and source");
  } else {
    if (typeof sig["doc"] !== "string" || sig["doc"] === "")
      out.push("`signature.doc` must be a non-empty string");
    if (typeof sig["source"] !== "string")
      out.push("`signature.source` must be a string (paper and equation)");
    if (sig["check"] !== undefined && typeof sig["check"] !== "function")
      out.push("`signature.check` must be a function");
    if (sig["appliesTo"] !== undefined)
      out.push(
        '`signature.appliesTo` is no longer read: declare what the entry reads instead, e.g. `needs: ["posterior"]` (one of ' +
          CAPABILITIES.join(", ") +
          ")",
      );
    const needs = sig["needs"];
    if (
      needs !== undefined &&
      (!Array.isArray(needs) || needs.some((n) => !CAPABILITIES.includes(n as Capability)))
    )
      out.push(`\`signature.needs\` must be a list of ${CAPABILITIES.join(", ")}`);
    const params = sig["params"];
    if (!Array.isArray(params)) {
      out.push("`signature.params` must be an array of parameter specs");
    } else {
      const seen = new Set<string>();
      params.forEach((p: unknown, i) => {
        const ps = p as Record<string, unknown> | null;
        const pname = typeof ps?.["name"] === "string" ? (ps["name"] as string) : undefined;
        const where = `parameter ${pname ? `\`${pname}\`` : `#${i + 1}`}`;
        if (pname === undefined || !NAME.test(pname))
          out.push(`${where}: \`name\` must be snake_case`);
        else if (seen.has(pname)) out.push(`${where} is declared twice`);
        else seen.add(pname);
        const tp = paramTypeProblem(ps?.["type"], where);
        if (tp) out.push(tp);
        if (typeof ps?.["doc"] !== "string") out.push(`${where}: \`doc\` must be a string`);
      });
    }
  }
  if (kind === "penalty") {
    if (typeof e["compute"] !== "function")
      out.push("a penalty needs a `compute(ctx, args)` function returning a scalar");
    for (const f of ["reads", "negativeEstimate", "diagnostics"])
      if (e[f] !== undefined && typeof e[f] !== "function") out.push(`\`${f}\` must be a function`);
    if (e["pytorch"] !== undefined)
      out.push(
        "`pytorch` is not read for a `use` module: the pytorch target does not load `use` modules yet (DIS4004)",
      );
    const up = e["updates"];
    if (
      typeof up !== "function" &&
      !(Array.isArray(up) && up.every((u) => u === "main" || u === "own"))
    ) {
      out.push('`updates` must be a list of "main" / "own" (or a function of the args)');
    }
    if (Array.isArray(up) && up.includes("own") && typeof e["createState"] !== "function") {
      out.push('a penalty with "own" updates needs `createState`');
    }
  }
  return out;
}

/** Narrowing helper after `entryProblems` returned []. */
export function asEntry(v: unknown): AnyEntry {
  return v as AnyEntry;
}
