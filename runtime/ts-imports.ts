/**
 * Importing a TypeScript module at run time: a generated trainer (`disc train`, `eval`,
 * `traverse`, `intervene`) or a spec's `use` module. Node runs TypeScript through tsx, which
 * bin/disc.js registers. Run from the sources it registers tsx at once (it needs it for disc's own
 * code); run from the compiled JavaScript in dist/ it hands the registration to
 * `deferTypeScriptLoader` instead, and the first `importTypeScript` performs it — registering tsx
 * costs about half a second, which `disc check`, `fmt` and `list` on a spec without `use` never pay.
 * Elsewhere (vitest, `npx tsx trainer.ts`) TypeScript already loads and nothing is registered.
 */

let register: (() => Promise<void>) | undefined;
let registered: Promise<void> | undefined;

/**
 * Called once by bin/disc.js, before any command runs: `registerLoader` registers tsx and disc's
 * resolve hook, and runs on the first `importTypeScript` (never again).
 */
export function deferTypeScriptLoader(registerLoader: () => Promise<void>): void {
  register = registerLoader;
}

/** `import(url)` of a module that may be TypeScript, after registering a deferred loader. */
export async function importTypeScript(url: string): Promise<unknown> {
  if (register !== undefined) await (registered ??= register());
  return import(url);
}
