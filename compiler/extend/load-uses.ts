/**
 * Loading the user modules a spec names with `use "./my-term.ts"`: each module's exports are
 * validated as stdlib entries (stdlib/types.ts) and added to a registry the checker, lowering
 * and `disc list` read exactly like the built-ins. File access goes through an injected
 * `ModuleLoader` (compiler/extend/node-loader.ts for the CLI and the language server), so this
 * file does no I/O and tests can load in-memory modules.
 */
import type { Program, UseDecl } from "../../grammar/ast.js";
import { builtinEntries, createRegistry, type Registry } from "../../stdlib/registry.js";
import type { AnyEntry, EntryKind } from "../../stdlib/types.js";
import { makeDiagnostic } from "../diagnostics/make.js";
import type { Diagnostic } from "../diagnostics/types.js";
import { camelCase } from "../emit/names.js";
import { entryProblems, looksLikeEntry } from "./validate.js";

/** How `use` paths become modules. */
export interface ModuleLoader {
  /** The module a `use` path names, relative to the spec `specFile`; undefined when there is no such file. */
  resolve(usePath: string, specFile: string): string | undefined;
  /** Imports a resolved module and returns its exports; throws when it fails to load. */
  load(resolved: string): Promise<Readonly<Record<string, unknown>>>;
}

/** A user entry and where it came from. */
export interface LoadedEntry {
  readonly def: AnyEntry;
  /** The `use` path as written in the spec (the IR's `TermIR.module`). */
  readonly module: string;
  /** The resolved module (an absolute path for the node loader). */
  readonly resolved: string;
  readonly exportName: string;
}

/** A registry that also knows which `use` module each user entry came from. */
export interface ExtendedRegistry extends Registry {
  /** The `use` path (as written) of a user entry; undefined for built-ins. */
  moduleOf(kind: EntryKind, name: string): string | undefined;
  /** The user entries, in `use` order. */
  readonly userEntries: readonly LoadedEntry[];
}

export interface UseLoadResult {
  readonly registry: ExtendedRegistry;
  /** DIS2101–DIS2105, each with the span of its `use`. */
  readonly diagnostics: Diagnostic[];
}

const RELATIVE = /^\.\.?\//;
const BUILTIN_BINDINGS = new Set(builtinEntries.map((e) => camelCase(e.name)));

/** Builds the registry of the built-ins plus `entries` (assumed free of clashes). */
export function extendedRegistry(entries: readonly LoadedEntry[]): ExtendedRegistry {
  const base = createRegistry(entries.map((e) => e.def));
  const modules = new Map(entries.map((e) => [`${e.def.kind}:${e.def.name}`, e.module]));
  return {
    ...base,
    moduleOf: (kind, name) => modules.get(`${kind}:${name}`),
    userEntries: entries,
  };
}

/**
 * Loads every `use` of `program` (a spec read from `specFile`) with `loader`. Never throws for
 * user mistakes: a missing module (DIS2101), one that fails to import (DIS2102), one without a
 * disc entry among its exports (DIS2103), an invalid entry (DIS2104) or a name already taken
 * (DIS2105) becomes a diagnostic at the `use` line, and the module's valid entries still load.
 */
export async function loadUses(
  program: Program,
  specFile: string,
  loader: ModuleLoader,
): Promise<UseLoadResult> {
  const diagnostics: Diagnostic[] = [];
  const entries: LoadedEntry[] = [];
  const taken = new Map<string, string>(
    builtinEntries.map((e) => [`${e.kind}:${e.name}`, "a built-in"]),
  );
  const seenModules = new Set<string>();
  for (const use of program.uses ?? []) {
    const loaded = await loadOne(use, specFile, loader, diagnostics);
    if (loaded === undefined || seenModules.has(loaded.resolved)) continue;
    seenModules.add(loaded.resolved);
    for (const e of loaded.entries) {
      const key = `${e.def.kind}:${e.def.name}`;
      const owner = taken.get(key);
      const binding = camelCase(e.def.name);
      if (owner !== undefined || BUILTIN_BINDINGS.has(binding)) {
        diagnostics.push(
          makeDiagnostic(
            "DIS2105",
            use.span,
            `The ${e.def.kind} \`${e.def.name}\` from \`${use.path.value}\` clashes with ${owner ?? `the built-in \`${binding}\``}.`,
            {
              hint: "give the entry a name of its own (user entries may not shadow built-ins).",
            },
          ),
        );
        continue;
      }
      taken.set(key, `\`${use.path.value}\``);
      entries.push(e);
    }
  }
  return { registry: extendedRegistry(entries), diagnostics };
}

async function loadOne(
  use: UseDecl,
  specFile: string,
  loader: ModuleLoader,
  diagnostics: Diagnostic[],
): Promise<{ resolved: string; entries: LoadedEntry[] } | undefined> {
  const path = use.path.value;
  if (!RELATIVE.test(path)) {
    diagnostics.push(
      makeDiagnostic("DIS2101", use.span, `Cannot find module \`${path}\`.`, {
        hint: 'a `use` path is relative to the spec and starts with "./" or "../", e.g. use "./penalties/my-term.ts".',
      }),
    );
    return undefined;
  }
  const resolved = loader.resolve(path, specFile);
  if (resolved === undefined) {
    diagnostics.push(
      makeDiagnostic(
        "DIS2101",
        use.span,
        `Cannot find module \`${path}\` (relative to ${specFile}).`,
        {
          hint: "check the path; it is resolved from the folder of the spec.",
        },
      ),
    );
    return undefined;
  }
  let exports: Readonly<Record<string, unknown>>;
  try {
    exports = await loader.load(resolved);
  } catch (err) {
    const msg = (err instanceof Error ? err.message : String(err))
      .split("\n")[0]!
      .replace(/\.$/, "");
    diagnostics.push(
      makeDiagnostic("DIS2102", use.span, `The module \`${path}\` failed to load: ${msg}.`, {
        hint: "run it with `npx tsx` to see the full error.",
      }),
    );
    return undefined;
  }
  const candidates = Object.entries(exports).filter(([, v]) => looksLikeEntry(v));
  if (candidates.length === 0) {
    diagnostics.push(
      makeDiagnostic("DIS2103", use.span, `The module \`${path}\` exports no disc entry.`, {
        hint: 'export a typed entry, e.g. `export const myTerm: PenaltyDef = { kind: "penalty", name: "my_term", … }` (types from "disc/stdlib").',
      }),
    );
    return undefined;
  }
  const entries: LoadedEntry[] = [];
  for (const [exportName, value] of candidates) {
    const problems = entryProblems(value, exportName);
    const def = value as AnyEntry;
    if (problems.length === 0 && exportName !== camelCase(def.name)) {
      problems.push(
        `it must be exported under the camelCase of its name, \`${camelCase(def.name)}\` (the generated trainer imports it by that name)`,
      );
    }
    if (problems.length > 0) {
      diagnostics.push(
        makeDiagnostic(
          "DIS2104",
          use.span,
          `The entry \`${exportName}\` in \`${path}\` is invalid: ${problems.join("; ")}.`,
          {
            hint: 'write it against disc\'s public types: `import type { PenaltyDef } from "disc/stdlib"`.',
          },
        ),
      );
      continue;
    }
    entries.push({ def, module: path, resolved, exportName });
  }
  return { resolved, entries };
}
