/**
 * The CLI's and the language server's step before `compile`: load a spec's `use` modules into a
 * registry, and compute the import path a generated trainer uses for each of them.
 */
import { dirname, relative, resolve, sep } from "node:path";
import { parse } from "../../grammar/index.js";
import type { Diagnostic } from "../diagnostics/types.js";
import { loadUses, type ExtendedRegistry, type ModuleLoader } from "./load-uses.js";
import { nodeModuleLoader } from "./node-loader.js";

export interface PreparedSpec {
  /** Built-ins plus the spec's user entries; undefined when the spec has no `use`. */
  readonly registry?: ExtendedRegistry;
  /** Problems loading the `use` modules (DIS2101–DIS2105). */
  readonly diagnostics: Diagnostic[];
}

/** Loads the `use` modules of the spec `text` (read from `file`). Never throws for user input. */
export async function prepareSpec(
  text: string,
  file: string,
  loader: ModuleLoader = nodeModuleLoader(),
): Promise<PreparedSpec> {
  if (!/\buse\b/.test(text)) return { diagnostics: [] }; // no `use`: spare `disc check` a parse
  const { ast } = parse(text, file);
  if ((ast.uses ?? []).length === 0) return { diagnostics: [] };
  const { registry, diagnostics } = await loadUses(ast, file, loader);
  return { registry, diagnostics };
}

/**
 * The import specifier a trainer written to `outDir` uses for the module `usePath` of the spec
 * `specFile`: relative, with "/" separators, "./" prefixed, and `.ts` written as `.js` (NodeNext
 * style; tsx maps it back). E.g. spec examples/custom-penalty/spec.dis, use "./penalties/x.ts",
 * outDir runs/custom → "../../examples/custom-penalty/penalties/x.js".
 */
export function moduleSpecifier(usePath: string, specFile: string, outDir: string): string {
  const abs = resolve(dirname(resolve(specFile)), usePath);
  let rel = relative(resolve(outDir), abs).split(sep).join("/");
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return rel.replace(/\.ts$/, ".js").replace(/\.mts$/, ".mjs");
}
