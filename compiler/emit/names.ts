/**
 * Identifier handling for generated TypeScript: every name that reaches emitted code passes
 * through `safeIdent`, so a spec name can never collide with a keyword or one of the
 * generated program's own locals.
 */

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends " +
    "false finally for function if import in instanceof new null return super switch this throw " +
    "true try typeof var void while with as implements interface let package private protected " +
    "public static yield any boolean number string symbol type from of await async " +
    // locals of the generated program
    "tf batch nets networks step rng context terms total hp hyperparameters options dataset " +
    "optimizer termStates main train encode decode shapes spec resolvedSpec networkShapes"
  ).split(" "),
);

/**
 * Makes `name` a safe TypeScript identifier: replaces invalid characters with `_` and prefixes
 * `_` when the result is reserved or starts with a digit. Pure; never throws.
 */
export function safeIdent(name: string): string {
  let out = name.replace(/[^A-Za-z0-9_$]/g, "_");
  if (out === "" || /^[0-9]/.test(out) || RESERVED.has(out)) out = `_${out}`;
  return out;
}

/** `total_correlation` → `totalCorrelation`: the export name of a stdlib entry. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** `beta_vae` → `BetaVae`. */
export function pascalCase(name: string): string {
  const c = camelCase(name);
  return c.charAt(0).toUpperCase() + c.slice(1);
}
