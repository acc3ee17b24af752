/** `disc list`: the registry as plain text. */
import { BACKBONES, backbonesProviding, ROLES } from "./backbones/index.js";
import { ENTRY_KINDS, type Registry } from "./registry.js";
import { firstSentence, formatParam } from "./format.js";
import type { EntryKind, PenaltyDef } from "./types.js";

/** Group names accepted by `disc list [group]`: plural names, singular kinds, and `data`. */
export type ListGroup =
  | "penalties"
  | "networks"
  | "likelihoods"
  | "distributions"
  | "data"
  | "datasets"
  | "metrics"
  | "optimizers"
  | "schedules"
  | EntryKind;

const GROUPS: Readonly<Record<string, EntryKind>> = {
  penalties: "penalty",
  networks: "network",
  likelihoods: "likelihood",
  distributions: "distribution",
  data: "dataset",
  datasets: "dataset",
  metrics: "metric",
  optimizers: "optimizer",
  schedules: "schedule",
};

const HEADINGS: Readonly<Record<EntryKind, string>> = {
  penalty: "penalties",
  network: "networks",
  likelihood: "likelihoods",
  distribution: "distributions",
  dataset: "data",
  metric: "metrics",
  optimizer: "optimizers",
  schedule: "schedules",
};

/** Resolves a group name to its kind; throws an Error listing the valid groups. */
export function groupKind(group: string): EntryKind {
  const k = GROUPS[group] ?? (ENTRY_KINDS as readonly string[]).find((x) => x === group);
  if (k === undefined)
    throw new Error(`unknown group '${group}'; valid groups: ${Object.keys(GROUPS).join(", ")}`);
  return k as EntryKind;
}

/**
 * The entries of one group (or all groups): for each, the name, its one-line doc, then one line
 * per parameter with type, unit and default. Plain text, no colours. Throws on an unknown group.
 */
export function formatList(registry: Registry, kind?: ListGroup | string): string {
  const kinds = kind === undefined ? ENTRY_KINDS : [groupKind(kind)];
  const out: string[] = [];
  for (const k of kinds) {
    const entries = registry.list(k);
    out.push(`${HEADINGS[k]} (${entries.length})`);
    for (const e of entries) {
      out.push(`  ${e.name} — ${firstSentence(e.signature.doc)}`);
      for (const p of e.signature.params) out.push(`      ${formatParam(p)}`);
      const needs = (e as PenaltyDef).signature.needs;
      if (needs)
        out.push(`      needs ${needs.join(", ")}: ${backbonesProviding(needs).join(", ")}`);
    }
    out.push("");
  }
  return out.join("\n");
}

/**
 * `disc list backbones`: each model family with its one-line doc, what marks a model as it, the
 * roles it requires and runs (with their wiring) and what it provides to terms. Plain text.
 */
export function formatBackbones(): string {
  const out = [`backbones (${BACKBONES.length})`];
  for (const b of BACKBONES) {
    const marker = [...(b.markedBy.roles ?? []), ...(b.markedBy.scm ? ["scm"] : [])];
    out.push(`  ${b.name} — ${firstSentence(b.doc)}`);
    out.push(`      marked by: ${marker.length > 0 ? marker.join(", ") : "nothing (the default)"}`);
    out.push(`      requires: ${b.requires.join(", ")}; provides: ${b.provides.join(", ")}`);
    for (const r of ROLES.filter((x) => b.runs.includes(x.name)))
      out.push(`      ${r.name}: ${r.reads.words} -> ${r.produces.words}   e.g. ${r.example}`);
  }
  out.push("");
  return out.join("\n");
}
