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
import { dirname, join } from "node:path";
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

/** Creates `dir` (and parents) and checks it is writable. Throws CliError otherwise. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CliError(`${dir}: cannot write to this directory`);
  }
}

/** Checks that the parent of `file` can be created and written. */
export function ensureWritableParent(file: string): void {
  ensureWritableDir(dirname(file));
}

/** Parses a positive integer flag value. Throws CliError naming the flag. */
export function positiveInt(flag: string, value: string): number {
  const n = Number(value.replace(/k$/i, "000"));
  if (!Number.isInteger(n) || n <= 0)
    throw new CliError(`${flag} expects a positive integer, got \`${value}\``);
  return n;
}

/** Parses a non-negative integer flag value. Throws CliError naming the flag. */
export function nonNegativeInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError(`${flag} expects a non-negative integer, got \`${value}\``);
  return n;
}

/**
 * Generated trainers are ES modules (top-level await). In a directory without a package.json,
 * Node would treat `trainer.ts` as CommonJS; write `{"type": "module"}` there. A directory that
 * has its own package.json is left alone.
 */
export function ensureModuleScope(dir: string): void {
  const pkg = join(dir, "package.json");
  if (!existsSync(pkg))
    writeFileSync(pkg, `${JSON.stringify({ type: "module", private: true }, null, 2)}\n`);
}
