/**
 * The one catalogue of diagnostic codes.
 * DIS1xxx syntax · DIS2xxx names, types, shapes · DIS3xxx model semantics · DIS4xxx emit/internal.
 * Each entry: code, default severity, and a short title used in docs.
 */
import type { Severity } from "./types.js";

export interface CatalogueEntry {
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
}

export const CATALOGUE = {
  // --- syntax (grammar/) ---
  DIS1001: { code: "DIS1001", severity: "error", title: "unexpected token" },
  DIS1002: { code: "DIS1002", severity: "error", title: "missing closing delimiter" },
  DIS1003: { code: "DIS1003", severity: "error", title: "unknown character" },
  DIS1004: { code: "DIS1004", severity: "error", title: "unterminated string or comment" },
  DIS1005: { code: "DIS1005", severity: "error", title: "malformed number" },
  DIS1006: { code: "DIS1006", severity: "error", title: "expected an item of a model" },
  DIS1007: { code: "DIS1007", severity: "error", title: "unexpected end of file" },
} as const satisfies Record<string, CatalogueEntry>;

export type DiagnosticCode = keyof typeof CATALOGUE;
