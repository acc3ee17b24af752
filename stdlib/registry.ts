/**
 * The registry of stdlib entries: the one place the checker, `disc list`, the docs and
 * "did you mean" hints look names up. Built-ins plus user extensions (`use "./my-term.ts"`).
 */
import { datasets } from "./datasets/index.js";
import { distributions } from "./distributions/index.js";
import { likelihoods } from "./likelihoods/index.js";
import { metrics } from "./metrics/index.js";
import { networks } from "./networks/index.js";
import { optimizers } from "./optimizers/index.js";
import { penalties } from "./penalties/index.js";
import { schedules } from "./schedules/index.js";
import type { AnyEntry, EntryKind } from "./types.js";

export interface Registry {
  lookup(kind: EntryKind, name: string): AnyEntry | undefined;
  list(kind: EntryKind): readonly AnyEntry[];
  names(kind?: EntryKind): readonly string[];
}

/** Every entry kind, in documentation order. */
export const ENTRY_KINDS: readonly EntryKind[] = [
  "penalty",
  "network",
  "likelihood",
  "distribution",
  "dataset",
  "metric",
  "optimizer",
  "schedule",
];

/** The built-in entries, in documentation order within each kind. */
export const builtinEntries: readonly AnyEntry[] = [
  ...penalties,
  ...networks,
  ...likelihoods,
  ...distributions,
  ...datasets,
  ...metrics,
  ...optimizers,
  ...schedules,
];

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * A registry of the built-ins plus `extra` (user entries, appended after the built-ins of their
 * kind). Throws an Error when an entry has an unknown kind, a name that is not snake_case, or a
 * (kind, name) already taken — a user entry may not silently shadow a built-in.
 */
export function createRegistry(extra: readonly AnyEntry[] = []): Registry {
  const byKind = new Map<EntryKind, AnyEntry[]>(ENTRY_KINDS.map((k) => [k, []]));
  const index = new Map<string, AnyEntry>();
  for (const e of [...builtinEntries, ...extra]) {
    const list = byKind.get(e.kind);
    if (list === undefined)
      throw new Error(`registry: entry '${String(e.name)}' has unknown kind '${String(e.kind)}'`);
    if (typeof e.name !== "string" || !NAME.test(e.name)) {
      throw new Error(
        `registry: ${e.kind} name '${String(e.name)}' must be snake_case ([a-z][a-z0-9_]*)`,
      );
    }
    const key = `${e.kind}:${e.name}`;
    if (index.has(key))
      throw new Error(`registry: a ${e.kind} named '${e.name}' is already registered`);
    index.set(key, e);
    list.push(e);
  }
  return {
    lookup: (kind, name) => index.get(`${kind}:${name}`),
    list: (kind) => byKind.get(kind) ?? [],
    names: (kind) =>
      kind === undefined
        ? [...new Set([...index.values()].map((e) => e.name))].sort()
        : (byKind.get(kind) ?? []).map((e) => e.name).sort(),
  };
}

/** The built-in registry. */
export const registry: Registry = createRegistry();
