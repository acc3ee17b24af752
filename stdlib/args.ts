/**
 * Readers for resolved arguments (`Record<string, ArgValue>`), shared by every stdlib entry.
 *
 * Conventions for resolved values (what the checker/IR hands to implementations):
 * - a `ref` argument is the referenced name as a string (`"z"`, `"x"`, `"A"`);
 * - a number with a unit is the plain number in that unit (`100k steps` → 100000, `25 nats` → 25);
 * - a `shape` is an integer or a list of integers (`4 x 4` → `[4, 4]`);
 * - an `entry` argument (`optimizer: adam(lr: 1e-4)`) is the record
 *   `{ entry: "adam", args: { lr: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } }` with the
 *   nested entry's defaults filled in;
 * - a range `0 -> 25` is the record `{ from: 0, to: 25 }` (a two-element list `[0, 25]` is
 *   accepted too).
 * Every reader throws an `Error` naming the entry and the parameter when a value is missing or
 * has the wrong type, so a bad hand-written call never ends in a bare stack trace.
 */
import type { ArgValue } from "./types.js";

type Args = Readonly<Record<string, ArgValue>>;

/**
 * A resolved argument that an entry cannot use: the spec's mistake, so the CLI reports it as a
 * user error (one line, exit 1; the marker is the one runtime/errors.ts's isUserError reads).
 */
export class ArgumentError extends Error {
  readonly discUserError = true;
  constructor(message: string) {
    super(message);
    this.name = "ArgumentError";
  }
}

function fail(entry: string, name: string, want: string, got: ArgValue | undefined): never {
  const shown = got === undefined ? "nothing" : JSON.stringify(got);
  throw new ArgumentError(`${entry}: argument '${name}' must be ${want}, got ${shown}`);
}

/** A finite number argument. Throws when absent or not a finite number. */
export function argNumber(args: Args, name: string, entry: string): number {
  const v = args[name];
  if (typeof v !== "number" || !Number.isFinite(v)) fail(entry, name, "a finite number", v);
  return v;
}

/** A string argument (also refs and enums). Throws when absent or not a string. */
export function argString(args: Args, name: string, entry: string): string {
  const v = args[name];
  if (typeof v !== "string") fail(entry, name, "a string", v);
  return v;
}

/** An enum argument: a string among `values`. */
export function argEnum<T extends string>(
  args: Args,
  name: string,
  values: readonly T[],
  entry: string,
): T {
  const v = args[name];
  if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
    fail(entry, name, `one of ${values.join(" | ")}`, v);
  }
  return v as T;
}

/** A boolean argument. */
export function argBool(args: Args, name: string, entry: string): boolean {
  const v = args[name];
  if (typeof v !== "boolean") fail(entry, name, "true or false", v);
  return v;
}

/** A list of strings (e.g. a factor subset). */
export function argStringList(args: Args, name: string, entry: string): string[] {
  const v = args[name];
  if (!Array.isArray(v) || !v.every((e) => typeof e === "string"))
    fail(entry, name, "a list of names", v);
  return [...(v as string[])];
}

/** A shape: an integer ≥ 1 or a non-empty list of them. Returns the dimensions. */
export function argShape(args: Args, name: string, entry: string): number[] {
  const v = args[name];
  const ok = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 1;
  if (ok(v)) return [v];
  if (Array.isArray(v) && v.length > 0 && v.every(ok)) return [...(v as number[])];
  fail(entry, name, "a positive integer or a shape like 4 x 4", v);
}

/** A range `from -> to`, given as `{ from, to }` or `[from, to]`. */
export function argRange(args: Args, name: string, entry: string): { from: number; to: number } {
  const v = args[name];
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === "number" && typeof v[1] === "number") {
    return { from: v[0], to: v[1] };
  }
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const r = v as { readonly [k: string]: ArgValue };
    if (typeof r.from === "number" && typeof r.to === "number") return { from: r.from, to: r.to };
  }
  fail(entry, name, "a range `from -> to`", v);
}

/** An entry call `{ entry, args }` (e.g. the discriminator's optimizer). */
export function argEntry(
  args: Args,
  name: string,
  entry: string,
): { entry: string; args: Readonly<Record<string, ArgValue>> } {
  const v = args[name];
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const r = v as { readonly [k: string]: ArgValue };
    const a = r.args;
    if (
      typeof r.entry === "string" &&
      a !== undefined &&
      typeof a === "object" &&
      !Array.isArray(a)
    ) {
      return { entry: r.entry, args: a as Readonly<Record<string, ArgValue>> };
    }
  }
  fail(entry, name, "an entry call such as adam(lr: 1e-4)", v);
}
