/**
 * The one way generated code imports a registry entry: built-ins by their camelCase name from
 * `disc/stdlib`, user entries (`use "./my-term.ts"`) by the same name from their module.
 */
import type { ImportMap } from "./imports.js";
import { camelCase } from "./names.js";

/** The module generated trainers import built-in entries from. */
export const STDLIB_MODULE = "disc/stdlib";

/**
 * Imports the entry `entryName` (snake_case) into `imports` and returns the local binding,
 * e.g. `entryImport(imports, "total_correlation")` → `totalCorrelation` from "disc/stdlib";
 * with `module` (an import specifier already relative to the generated file) from that module.
 */
export function entryImport(imports: ImportMap, entryName: string, module?: string): string {
  return imports.use(module ?? STDLIB_MODULE, camelCase(entryName));
}
