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
  // limits (grammar/limits.ts; docs/language.md § Limits) and number range
  DIS1008: { code: "DIS1008", severity: "error", title: "file too large" },
  DIS1009: { code: "DIS1009", severity: "error", title: "nesting too deep" },
  DIS1010: { code: "DIS1010", severity: "error", title: "list too long" },
  DIS1011: { code: "DIS1011", severity: "error", title: "too many operators in one item" },
  DIS1012: { code: "DIS1012", severity: "error", title: "number too large" },

  // --- names, types, units, shapes (compiler/check/) ---
  DIS2001: { code: "DIS2001", severity: "error", title: "unknown name" },
  DIS2002: { code: "DIS2002", severity: "error", title: "unknown argument" },
  DIS2003: { code: "DIS2003", severity: "error", title: "missing required argument" },
  DIS2004: { code: "DIS2004", severity: "error", title: "wrong argument type" },
  DIS2005: { code: "DIS2005", severity: "error", title: "wrong unit" },
  DIS2006: { code: "DIS2006", severity: "error", title: "duplicate declaration" },
  DIS2007: { code: "DIS2007", severity: "error", title: "undeclared variable" },
  DIS2008: {
    code: "DIS2008",
    severity: "error",
    title: "network output does not fit the variable it feeds",
  },
  DIS2009: { code: "DIS2009", severity: "error", title: "image size does not fit the data set" },
  DIS2010: { code: "DIS2010", severity: "error", title: "too many positional arguments" },
  DIS2011: { code: "DIS2011", severity: "error", title: "argument given twice" },
  DIS2012: { code: "DIS2012", severity: "error", title: "value out of range" },
  DIS2013: { code: "DIS2013", severity: "error", title: "invalid choice" },
  DIS2014: { code: "DIS2014", severity: "error", title: "unknown setting" },
  DIS2015: { code: "DIS2015", severity: "error", title: "positional argument after a named one" },
  DIS2016: { code: "DIS2016", severity: "error", title: "invalid network wiring" },
  DIS2017: { code: "DIS2017", severity: "error", title: "not a loss term" },
  // params and studies (compiler/check/params.ts, check-params.ts, check-study.ts)
  DIS2018: { code: "DIS2018", severity: "error", title: "not a declared param" },
  DIS2019: {
    code: "DIS2019",
    severity: "error",
    title: "param value of the wrong type or unit",
  },
  DIS2020: { code: "DIS2020", severity: "error", title: "param name taken by the library" },
  DIS2021: {
    code: "DIS2021",
    severity: "error",
    title: "grid value rejected where the param is read",
  },
  // arithmetic on constants in the loss (compiler/check/check-arith.ts)
  DIS2022: { code: "DIS2022", severity: "error", title: "division by zero" },
  DIS2023: { code: "DIS2023", severity: "error", title: "constant arithmetic is not finite" },
  // `use` modules (compiler/extend/; covered by test/extend/)
  DIS2101: { code: "DIS2101", severity: "error", title: "use: module not found" },
  DIS2102: { code: "DIS2102", severity: "error", title: "use: module failed to load" },
  DIS2103: { code: "DIS2103", severity: "error", title: "use: module exports no disc entry" },
  DIS2104: { code: "DIS2104", severity: "error", title: "use: invalid entry" },
  DIS2105: { code: "DIS2105", severity: "error", title: "use: entry name already taken" },

  // --- model semantics (compiler/check/) ---
  DIS3001: { code: "DIS3001", severity: "error", title: "no loss" },
  DIS3002: { code: "DIS3002", severity: "error", title: "no data" },
  DIS3004: { code: "DIS3004", severity: "error", title: "info term without a GAN code" },
  DIS3005: { code: "DIS3005", severity: "error", title: "dag term without an scm" },
  DIS3006: {
    code: "DIS3006",
    severity: "error",
    title: "discriminator-based term without an optimizer",
  },
  DIS3007: { code: "DIS3007", severity: "error", title: "term not applicable to the backbone" },
  DIS3008: { code: "DIS3008", severity: "error", title: "conflicting backbones" },
  DIS3009: { code: "DIS3009", severity: "error", title: "missing network" },
  DIS3010: { code: "DIS3010", severity: "error", title: "no model" },
  DIS3011: { code: "DIS3011", severity: "error", title: "loss without a term" },
  DIS3012: { code: "DIS3012", severity: "error", title: "scm concepts do not fit the latent" },
  DIS3013: { code: "DIS3013", severity: "error", title: "needs ground-truth factors" },
  DIS3014: { code: "DIS3014", severity: "error", title: "per-network optimizer outside a GAN" },
  DIS3015: { code: "DIS3015", severity: "warning", title: "weight is zero" },
  DIS3016: { code: "DIS3016", severity: "warning", title: "unused latent" },
  DIS3017: { code: "DIS3017", severity: "error", title: "scm init matrix does not fit" },
  DIS3018: { code: "DIS3018", severity: "error", title: "empty grid axis or seed list" },
  DIS3019: { code: "DIS3019", severity: "warning", title: "unused param" },
  DIS3020: { code: "DIS3020", severity: "error", title: "grid axis on a param nobody reads" },
  DIS3021: { code: "DIS3021", severity: "error", title: "invalid seeds" },
  DIS3022: { code: "DIS3022", severity: "warning", title: "study of more than 1,000 runs" },
  // GAN structure (compiler/check/check-gan.ts)
  DIS3023: { code: "DIS3023", severity: "error", title: "gan loss without exactly one gan term" },
  DIS3024: { code: "DIS3024", severity: "error", title: "info term without a Q head output" },
  // epochs where steps are meant (compiler/check/epochs.ts)
  DIS3025: {
    code: "DIS3025",
    severity: "error",
    title: "epochs of a data set whose size is not known before training",
  },
  // which model `disc compile` / `disc train` compile (compiler/check/select-model.ts)
  DIS3026: {
    code: "DIS3026",
    severity: "error",
    title: "several models in a file compiled without --model",
  },
  // GAN structure (compiler/check/check-gan.ts)
  DIS3027: {
    code: "DIS3027",
    severity: "error",
    title: "info term on a code the generator does not read",
  },
  // diffusion structure (compiler/check/check-diffusion.ts)
  DIS3028: {
    code: "DIS3028",
    severity: "error",
    title: "diffusion loss without exactly one denoise term",
  },
  DIS3040: {
    code: "DIS3040",
    severity: "warning",
    title: "argument that has no effect with the call's other arguments",
  },
  // objectives that check but are unlikely to be meant (compiler/check/pedantic.ts)
  DIS3050: { code: "DIS3050", severity: "warning", title: "penalty with a negative weight" },
  DIS3051: { code: "DIS3051", severity: "warning", title: "VAE loss without recon" },
  DIS3052: { code: "DIS3052", severity: "warning", title: "the same term twice" },
  DIS3053: { code: "DIS3053", severity: "warning", title: "latent no prior term constrains" },
  DIS3054: { code: "DIS3054", severity: "warning", title: "network no term updates" },
  // codes also reported by stdlib entries' own checks (stdlib/issues.ts)
  DIS3101: {
    code: "DIS3101",
    severity: "error",
    title: "term needs a latent with a Gaussian posterior q(z|x)",
  },
  DIS3102: { code: "DIS3102", severity: "warning", title: "minibatch estimator with batch size 1" },
  DIS3103: {
    code: "DIS3103",
    severity: "error",
    title: "argument refers to a variable of the wrong role",
  },
  DIS3104: { code: "DIS3104", severity: "warning", title: "unusual hyperparameter combination" },
  DIS3105: { code: "DIS3105", severity: "error", title: "unsupported argument value" },
  DIS3106: { code: "DIS3106", severity: "error", title: "unknown scm" },

  // --- emit / internal ---
  DIS4001: { code: "DIS4001", severity: "error", title: "internal compiler error" },
  DIS4002: { code: "DIS4002", severity: "error", title: "a library entry's check failed" },
  DIS4003: {
    code: "DIS4003",
    severity: "error",
    title: "backbone not yet available on this target",
  },
  DIS4004: {
    code: "DIS4004",
    severity: "error",
    title: "entry not yet available on the pytorch target",
  },
} as const satisfies Record<string, CatalogueEntry>;

export type DiagnosticCode = keyof typeof CATALOGUE;
