/** File-system helpers of the CLI: the only part of disc that reads user files. */
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CliError } from "./errors.js";

/** Reads a spec file as UTF-8. Throws CliError for a missing file or a directory. */
export function readSpec(path: string): string {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new CliError(`${path}: no such file`);
  }
  if (stat.isDirectory()) throw new CliError(`${path}: is a directory, expected a .dis file`);
  return readFileSync(path, "utf8");
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdirSync(…, {recursive})`
 * retries forever where mkdir fails with ENOENT under an existing parent (/proc/x); this fails.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}

/** Creates `dir` (and parents) and checks it is writable. Throws CliError otherwise. */
export function ensureWritableDir(dir: string): void {
  try {
    makeDirs(dir);
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CliError(`${dir}: cannot write to this directory`);
  }
}

/** Checks that the parent of `file` can be created and written. */
export function ensureWritableParent(file: string): void {
  ensureWritableDir(dirname(file));
}

/** Decimal digits, optionally with a `k` (thousands) suffix; nothing else (no "", 0x10, 1e3). */
const DECIMAL = /^\d+$/;

/** Parses a positive decimal integer flag value (`10k` = 10000). Throws CliError naming the flag. */
export function positiveInt(flag: string, value: string): number {
  const digits = value.replace(/k$/i, "000");
  const n = Number(digits);
  if (!DECIMAL.test(digits) || !Number.isSafeInteger(n) || n <= 0)
    throw new CliError(`${flag} expects a positive integer (decimal digits), got \`${value}\``);
  return n;
}

/** Parses a non-negative decimal integer flag value. Throws CliError naming the flag. */
export function nonNegativeInt(flag: string, value: string): number {
  const n = Number(value);
  if (!DECIMAL.test(value) || !Number.isSafeInteger(n))
    throw new CliError(`${flag} expects a non-negative integer (decimal digits), got \`${value}\``);
  return n;
}

/**
 * Generated trainers are ES modules (top-level await). Where the nearest package.json above `dir`
 * does not say `"type": "module"` (or there is none), Node would load `trainer.ts` as CommonJS:
 * write `{"type": "module"}` into `dir`. Inside an ES module package (disc's repository, a user's
 * project) nothing is written: a package.json in `dir` would begin a package scope of its own, and
 * the trainer run by itself (`npx tsx trainer.ts`) could no longer import `disc/runtime` through
 * the repository's own package name. A `dir` with its own package.json is left alone.
 */
export function ensureModuleScope(dir: string): void {
  const pkg = join(dir, "package.json");
  if (existsSync(pkg) || enclosingPackageIsModule(dirname(resolve(dir)))) return;
  writeFileSync(pkg, `${JSON.stringify({ type: "module", private: true }, null, 2)}\n`);
}

/** Whether the nearest package.json at or above `dir` declares `"type": "module"`. */
function enclosingPackageIsModule(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    const pkg = join(d, "package.json");
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, "utf8")) as { type?: unknown }).type === "module";
      } catch {
        return false;
      }
    }
    if (dirname(d) === d) return false;
  }
}
