/** Which `use` module a registry entry came from; read by lowering (TermIR.module). */
import type { EntryKind } from "../../stdlib/types.js";

/**
 * The `use` path (as written) of a user entry when `registry` is an extended registry
 * (compiler/extend/load-uses.ts) with a `moduleOf` method; undefined for built-ins.
 */
export function moduleOf(registry: object, kind: EntryKind, name: string): string | undefined {
  const r = registry as { moduleOf?: (kind: EntryKind, name: string) => string | undefined };
  return typeof r.moduleOf === "function" ? r.moduleOf(kind, name) : undefined;
}
