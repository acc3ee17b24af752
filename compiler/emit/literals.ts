/**
 * IR argument values → TypeScript source: literals (`{ lr: 0.0001, beta1: 0.9 }`) and their
 * types (`{ readonly lr: number; readonly beta1: number }`). Pure.
 */
import type { ArgValue, ResolvedArgs } from "../ir/types.js";

/** A TypeScript literal for `value`. Numbers print exactly (`5e-4` → `0.0005`). */
export function tsLiteral(value: ArgValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "Number.NaN";
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(", ")}]`;
  const entries = Object.entries(value as Record<string, ArgValue>);
  return `{ ${entries.map(([k, v]) => `${propName(k)}: ${tsLiteral(v)}`).join(", ")} }`;
}

/** The (widened, readonly) TypeScript type of `value`. */
export function tsType(value: ArgValue): string {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) {
    const first = value[0];
    return first === undefined ? "readonly never[]" : `readonly ${tsType(first)}[]`;
  }
  const entries = Object.entries(value as Record<string, ArgValue>);
  return `{ ${entries.map(([k, v]) => `readonly ${propName(k)}: ${tsType(v)}`).join("; ")} }`;
}

/** Resolved args as a plain literal object (provenance dropped). */
export function argsLiteral(args: ResolvedArgs): string {
  const entries = Object.entries(args);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, v]) => `${propName(k)}: ${tsLiteral(v.value)}`).join(", ")} }`;
}

/** Resolved args as a plain value (provenance dropped). */
export function argsValue(args: ResolvedArgs): Record<string, ArgValue> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.value]));
}

function propName(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}
