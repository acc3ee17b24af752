/**
 * The file-system `ModuleLoader`: resolves `use` paths next to the spec and imports them with
 * `importTypeScript` (runtime/ts-imports.ts: TypeScript loads through tsx, which bin/disc.js
 * registers, and bin/resolve-hook.js lets the module import `disc/stdlib` and `@tensorflow/tfjs`
 * from anywhere).
 */
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { importTypeScript } from "../../runtime/ts-imports.js";
import type { ModuleLoader } from "./load-uses.js";

/** A loader reading real files. `bust` re-imports changed files (the language server sets it). */
export function nodeModuleLoader(opts: { bust?: boolean } = {}): ModuleLoader {
  return {
    resolve(usePath, specFile) {
      const abs = resolve(dirname(resolve(specFile)), usePath);
      try {
        return existsSync(abs) && statSync(abs).isFile() ? abs : undefined;
      } catch {
        return undefined;
      }
    },
    async load(resolved) {
      const url = pathToFileURL(resolved);
      if (opts.bust) url.search = `?mtime=${statSync(resolved).mtimeMs}`;
      return (await importTypeScript(url.href)) as Record<string, unknown>;
    },
  };
}
