/** Text renderings of parameter types and values, shared by `disc list` and the reference doc. */
import type { ArgValue, ParamSpec, ParamType } from "./types.js";

/** `number (steps)`, `mws | mss`, `ref latent`, `list of string`, … */
export function formatType(t: ParamType): string {
  switch (t.kind) {
    case "number": {
      const base = t.integer ? "integer" : "number";
      const parts: string[] = [];
      if (t.min !== undefined) parts.push(`≥ ${t.min}`);
      if (t.max !== undefined) parts.push(`≤ ${t.max}`);
      const unit = t.unit ? ` ${t.unit}` : "";
      const sched = t.schedulable ? " | schedule" : "";
      return `${base}${unit}${parts.length ? ` (${parts.join(", ")})` : ""}${sched}`;
    }
    case "bool":
      return "bool";
    case "string":
      return "string";
    case "enum":
      return t.values.join(" | ");
    case "list":
      return `list of ${formatType(t.of)}`;
    case "shape":
      return "shape (D or a x b)";
    case "ref":
      return `ref ${t.of.join(" | ")}`;
    case "entry":
      return `${t.of} call`;
    case "record":
      return "record";
  }
}

/** A value as it would be written in a spec: `adam(lr: 0.0001, …)`, `[a, b]`, `0 -> 25`. */
export function formatValue(v: ArgValue): string {
  if (typeof v === "string") return v === "" ? '""' : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(", ")}]`;
  const r = v as { readonly [k: string]: ArgValue };
  if (
    typeof r.entry === "string" &&
    r.args !== undefined &&
    typeof r.args === "object" &&
    !Array.isArray(r.args)
  ) {
    const a = r.args as { readonly [k: string]: ArgValue };
    return `${r.entry}(${Object.entries(a)
      .map(([k, x]) => `${k}: ${formatValue(x)}`)
      .join(", ")})`;
  }
  if (typeof r.from === "number" && typeof r.to === "number" && Object.keys(r).length === 2)
    return `${r.from} -> ${r.to}`;
  return `(${Object.entries(r)
    .map(([k, x]) => `${k}: ${formatValue(x)}`)
    .join(", ")})`;
}

/** `name: type = default` (or `name: type (required)`), positional ones marked. */
export function formatParam(p: ParamSpec): string {
  const head = `${p.positional ? "[positional] " : ""}${p.name}: ${formatType(p.type)}`;
  return p.default === undefined ? `${head} (required)` : `${head} = ${formatValue(p.default)}`;
}

/** First sentence of a doc paragraph. */
export function firstSentence(doc: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(doc);
  return (m?.[1] ?? doc).trim();
}
