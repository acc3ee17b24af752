/**
 * A run's configuration as data: its IR without provenance (`from`) and without the source
 * file's name and hash, so that editing a comment or moving a line does not count as a change,
 * while any value a run reads does. `disc study` stores it per run and compares it on resume.
 */
import { createHash } from "node:crypto";
import type { ModelIR } from "../ir/types.js";

/** The IR with every `from` and the `source` record removed (a fresh JSON value). */
export function configurationOf(ir: ModelIR): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (k !== "from" && k !== "source") out[k] = strip(x);
      return out;
    }
    return v;
  };
  return strip(ir);
}

/** sha256 (hex) of a configuration's canonical JSON. */
export function fingerprintOf(configuration: unknown): string {
  return createHash("sha256").update(JSON.stringify(configuration)).digest("hex");
}

/**
 * The paths at which two configurations differ, with both values, e.g.
 * `train.optimizer.args.lr: 0.0005 → 0.001`; at most `limit` of them.
 */
export function configurationDiff(before: unknown, after: unknown, limit = 5): string[] {
  const out: string[] = [];
  const show = (v: unknown): string => (v === undefined ? "(none)" : JSON.stringify(v));
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (out.length >= limit) return;
    const objA = a !== null && typeof a === "object";
    const objB = b !== null && typeof b === "object";
    if (objA && objB && Array.isArray(a) === Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) {
        walk(
          (a as Record<string, unknown>)[k],
          (b as Record<string, unknown>)[k],
          path ? `${path}.${k}` : k,
        );
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      const text = `${path}: ${show(a)} → ${show(b)}`;
      out.push(text.length > 160 ? `${text.slice(0, 157)}...` : text);
    }
  };
  walk(before, after, "");
  return out;
}

/**
 * True when every difference between two configurations is a field that one of them lacks — an
 * object key a newer (or older) disc adds to the IR, such as a new entry parameter with its
 * default, or `irVersion` — rather than a value both state. Array entries (a term, a network, a
 * grid value) added or removed, and any value that differs, are real changes.
 */
export function onlyFormatChanges(before: unknown, after: unknown): boolean {
  let formatOnly = true;
  let differs = false;
  const walk = (a: unknown, b: unknown, key: string | number | undefined): void => {
    if (!formatOnly) return;
    const objA = a !== null && typeof a === "object";
    const objB = b !== null && typeof b === "object";
    if (objA && objB && Array.isArray(a) === Array.isArray(b)) {
      if (Array.isArray(a) && a.length !== (b as unknown[]).length) {
        formatOnly = false;
        return;
      }
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) {
        walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], k);
      }
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    differs = true;
    const oneSided = (a === undefined || b === undefined) && typeof key === "string";
    // `target` marks a PyTorch run (load.ts): another program, never a format change
    if ((!oneSided || key === "target") && key !== "irVersion") formatOnly = false;
  };
  walk(before, after, undefined);
  return formatOnly && differs;
}
