/** JSON-like values → Python source literals, and Python-safe identifiers. */

/**
 * A Python literal for a JSON value: true/false/null → True/False/None, strings as JSON
 * string literals (valid Python), objects as dicts, arrays as lists. Throws on a non-finite number.
 */
export function pyLiteral(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`pyLiteral: non-finite number ${v}`);
    return String(v);
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(", ")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).map(
      ([k, x]) => `${JSON.stringify(k)}: ${pyLiteral(x)}`,
    );
    return `{${entries.join(", ")}}`;
  }
  throw new Error(`pyLiteral: cannot write a ${typeof v}`);
}

const PY_KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(
    " ",
  ),
);

/** A Python identifier for a spec name (letters, digits, _; keywords get a trailing _). */
export function pyIdent(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_]/g, "_");
  if (/^[0-9]/.test(s)) s = `_${s}`;
  return PY_KEYWORDS.has(s) ? `${s}_` : s;
}

/** Wraps `items` as a call/list body: on one line when it fits in `width`, else one per line. */
export function pyWrap(
  open: string,
  items: readonly string[],
  close: string,
  indent: string,
  width = 100,
): string {
  const flat = `${open}${items.join(", ")}${close}`;
  if (indent.length + flat.length <= width) return flat;
  return `${open}\n${items.map((i) => `${indent}    ${i},`).join("\n")}\n${indent}${close}`;
}
