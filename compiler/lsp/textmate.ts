/**
 * The editor grammar's role keywords (editors/vscode/syntaxes/dis.tmLanguage.json) come from the
 * backbone definitions: `npm run docs` rewrites every pattern scoped `storage.type.network.dis`
 * to the alternation of ROLE_NAMES, and test/lsp/textmate.test.ts fails when the file is stale.
 */
import { ROLE_NAMES } from "../../stdlib/backbones/index.js";

/** The TextMate scope of a role keyword. */
export const ROLE_SCOPE = "storage.type.network.dis";

/** `encoder|decoder|…` in ROLE_NAMES order. */
export const roleAlternation = (): string => ROLE_NAMES.join("|");

interface Pattern {
  name?: string;
  match?: string;
  captures?: Record<string, { name?: string }>;
  patterns?: Pattern[];
}

/** Every pattern (nested) whose own name or first capture is the role scope. */
export function rolePatterns(grammar: unknown): Pattern[] {
  const out: Pattern[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (typeof v !== "object" || v === null) return;
    const p = v as Pattern;
    if (
      typeof p.match === "string" &&
      (p.name === ROLE_SCOPE || p.captures?.["1"]?.name === ROLE_SCOPE)
    )
      out.push(p);
    Object.values(v).forEach(visit);
  };
  visit(grammar);
  return out;
}

/**
 * `grammar` with each role pattern's leading `\b(a|b|…)` replaced by the current role keywords.
 * Throws when the grammar has no role pattern (the file was restructured).
 */
export function withRoleKeywords<T>(grammar: T): T {
  const patterns = rolePatterns(grammar);
  if (patterns.length === 0) throw new Error(`no pattern scoped ${ROLE_SCOPE} in the grammar`);
  for (const p of patterns)
    p.match = p.match!.replace(/^\\b\([a-z_|]+\)/, `\\b(${roleAlternation()})`);
  return grammar;
}
