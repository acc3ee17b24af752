/**
 * `npm run build` (also `prepare`, so `npm ci` and `npm pack` run it, and `pretest`): bundles
 * disc's TypeScript into dist/ with esbuild, which bin/disc.js runs instead of transpiling the
 * sources through tsx at every start (bin/dist-state.js says when dist/ counts as current).
 *
 * - Entry points: the CLI, and the package's exports `disc`, `disc/runtime`, `disc/stdlib` (the
 *   "disc-dist" condition in package.json), plus runtime/ts-imports for bin/disc.js. Code they
 *   share lands in dist/chunks/ once, so a generated trainer that imports `disc/runtime` under
 *   `disc train` uses the CLI's own modules; each command's module is a chunk loaded on demand.
 * - Dependencies stay in node_modules (imported at run time), except Chevrotain: its ES build is
 *   ~700 small lodash-es modules, which take longer to load than to parse as one bundle.
 * - `import * as tf from "@tensorflow/tfjs"` becomes a namespace that requires tfjs on first use
 *   (the same module object a trainer's own import gets), so `disc check`, `fmt`, `list` and the
 *   language server, which read the stdlib registry but run no tensor code, never load tfjs.
 * - Files are written atomically, chunks before the entries that import them, and earlier
 *   builds' chunks are kept for a day: a `disc train` started before a rebuild still finds the
 *   chunks it loads late. dist/build-stamp.json, written last, carries the build's start time.
 *
 * It does not type-check: `npm run typecheck` does. Usage: `npm run build`.
 */
import { build, type Plugin } from "esbuild";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { utimesSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { SOURCES, STAMP } from "../bin/dist-state.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, "dist");
const KEEP_OLD_MS = 24 * 3600 * 1000;

const ENTRIES = {
  "compiler/cli/main": "compiler/cli/main.ts",
  "compiler/index": "compiler/index.ts",
  "runtime/index": "runtime/index.ts",
  "runtime/ts-imports": "runtime/ts-imports.ts",
  "stdlib/index": "stdlib/index.ts",
};

/** Bare imports bundled into dist/ rather than loaded from node_modules. */
const BUNDLED = /^(chevrotain|@chevrotain\/[^/]+|lodash-es)(\/|$)/;
const TF_IMPORT = /^import \* as tf from "@tensorflow\/tfjs";$/gm;
const LAZY_TF = "disc:lazy-tfjs";
const LAZY_TF_SOURCE = `
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
let real;
const load = () => (real ??= require("@tensorflow/tfjs"));
export const tf = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor(_, key) {
    const d = Reflect.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true };
  },
});
`;

/** Leaves every dependency but BUNDLED external; swaps eager tfjs imports for the lazy one. */
const discPlugin: Plugin = {
  name: "disc",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path === LAZY_TF) return { path: LAZY_TF, namespace: LAZY_TF };
      return BUNDLED.test(args.path) ? undefined : { path: args.path, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: LAZY_TF }, () => ({
      contents: LAZY_TF_SOURCE,
      loader: "js",
      resolveDir: ROOT,
    }));
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes("node_modules")) return undefined;
      const text = readFileSync(args.path, "utf8");
      return {
        contents: text.replace(TF_IMPORT, `import { tf } from "${LAZY_TF}";`),
        loader: "ts",
      };
    });
  },
};

/** Builds dist/; returns the paths written, relative to dist/. */
async function buildDist(): Promise<string[]> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    chunkNames: "chunks/[name]-[hash]",
    write: false,
    logLevel: "warning",
    plugins: [discPlugin],
  });
  const entries = new Set(Object.keys(ENTRIES).map((e) => join(DIST, `${e}.js`)));
  // chunks (and maps) first, then the entries that import them
  const files = [...result.outputFiles].sort(
    (a, b) => Number(entries.has(a.path)) - Number(entries.has(b.path)),
  );
  for (const f of files) writeAtomically(f.path, f.contents);
  return files.map((f) => relative(DIST, f.path));
}

function writeAtomically(path: string, contents: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

/** Removes files of earlier builds that this one did not write, once they are a day old. */
function pruneOld(written: ReadonlySet<string>, now: number): number {
  let removed = 0;
  for (const file of readdirSync(DIST, { recursive: true, encoding: "utf8" })) {
    const path = join(DIST, file);
    if (written.has(file) || file === relative(DIST, join(ROOT, STAMP))) continue;
    const stat = statSync(path);
    if (stat.isFile() && now - stat.mtimeMs > KEEP_OLD_MS) {
      rmSync(path);
      removed++;
    }
  }
  return removed;
}

const started = new Date();
const written = await buildDist();
const pruned = pruneOld(new Set(written), started.getTime());
const stamp = join(ROOT, STAMP);
writeAtomically(stamp, `${JSON.stringify({ started: started.toISOString(), sources: SOURCES })}\n`);
utimesSync(stamp, started, started);
const seconds = ((Date.now() - started.getTime()) / 1000).toFixed(1);
console.log(
  `dist/: ${written.length} files in ${seconds} s${pruned > 0 ? `, ${pruned} old removed` : ""}`,
);
