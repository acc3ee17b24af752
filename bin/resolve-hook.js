// Node module resolve hook: a generated trainer written outside this package (e.g. /tmp/out) or
// in a folder with its own package.json resolves disc's own entry points and tfjs from this
// installation, and a `use` module (`use "./penalties/x.ts"`) loads as the ES module it is written
// as from any folder, also one without a package.json saying "type": "module" (where tsx would
// load it as CommonJS, which fails with "Cannot require() ES Module … in a cycle" as soon as it
// imports disc/stdlib).
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const packageRoot = new URL("../", import.meta.url);
const OWN = /^(disc(\/.*)?|@tensorflow\/.*|seedrandom)$/;
const DISC = /^disc(\/.*)?$/;
// bin/disc.js registers this hook with { dist: true } when it runs the compiled dist/: then
// `disc/…` resolves through package.json's "disc-dist" export condition to the same modules.
let dist = false;

/** Node's hook initialisation: `data` is what bin/disc.js passed to `register`. */
export function initialize(data) {
  dist = data?.dist === true;
}

// `import …` / `export …` at the start of a line, but not TypeScript's CommonJS `import x = require(…)`
const ESM_SYNTAX = /^\s*(export\s|import\s+(?![\w$]+\s*=\s*require\s*\())/m;

/**
 * The file of a TypeScript module outside node_modules that tsx would load as CommonJS but that is
 * written as ESM (tsx may add its own query to the URL, encoded or not); undefined otherwise.
 */
function esmWrittenAsCommonJs(result) {
  if (!/^commonjs/.test(result.format ?? "") || !result.url.startsWith("file:")) return undefined;
  let file;
  try {
    file = fileURLToPath(result.url.split("?")[0]).split("?")[0];
  } catch {
    return undefined;
  }
  if (!/\.(ts|mts|tsx)$/.test(file) || file.includes("/node_modules/")) return undefined;
  try {
    return ESM_SYNTAX.test(readFileSync(file, "utf8")) ? file : undefined;
  } catch {
    return undefined;
  }
}

export async function resolve(specifier, context, nextResolve) {
  if (dist && DISC.test(specifier))
    context = { ...context, conditions: ["disc-dist", ...(context.conditions ?? [])] };
  let result;
  try {
    result = await nextResolve(specifier, context);
  } catch (error) {
    if (!OWN.test(specifier)) throw error;
    return nextResolve(specifier, {
      ...context,
      parentURL: new URL("package.json", packageRoot).href,
    });
  }
  const file = esmWrittenAsCommonJs(result);
  if (file === undefined) return result;
  const url = pathToFileURL(file);
  // keep a caller's own query (the language server's ?mtime=…), drop tsx's CommonJS markers
  for (const [k, v] of new URL(result.url).searchParams)
    if (!k.startsWith("tsx-")) url.searchParams.append(k, v);
  return { ...result, url: url.href, format: "module" };
}
