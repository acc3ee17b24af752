/**
 * The import map of one generated file: every import goes through `use`, so each module is
 * imported once and each name once, sorted for stable output.
 */
import type { ImportDeclarationStructure, OptionalKind } from "ts-morph";

export class ImportMap {
  private readonly named = new Map<string, Set<string>>();
  private readonly typeOnly = new Map<string, Set<string>>();
  private readonly namespaces = new Map<string, string>();

  /** Imports `name` from `module` (as a type-only import when `isType`). Returns `name`. */
  use(module: string, name: string, isType = false): string {
    const table = isType ? this.typeOnly : this.named;
    const set = table.get(module) ?? new Set<string>();
    set.add(name);
    table.set(module, set);
    return name;
  }

  /** `import * as alias from module`. */
  namespace(module: string, alias: string): string {
    this.namespaces.set(module, alias);
    return alias;
  }

  /** ts-morph structures, namespace imports first, then modules in alphabetical order. */
  structures(): OptionalKind<ImportDeclarationStructure>[] {
    const out: OptionalKind<ImportDeclarationStructure>[] = [];
    for (const [module, alias] of [...this.namespaces].sort()) {
      out.push({ moduleSpecifier: module, namespaceImport: alias });
    }
    const modules = new Set([...this.named.keys(), ...this.typeOnly.keys()]);
    for (const module of [...modules].sort()) {
      const values = [...(this.named.get(module) ?? [])].sort();
      const types = [...(this.typeOnly.get(module) ?? [])]
        .filter((t) => !values.includes(t))
        .sort();
      out.push({
        moduleSpecifier: module,
        namedImports: [
          ...values.map((name) => ({ name })),
          ...types.map((name) => ({ name, isTypeOnly: true })),
        ],
      });
    }
    return out;
  }
}
