// Whether bin/disc.js may run the compiled JavaScript in dist/ (written by `npm run build`, which
// `npm ci` runs as `prepare`) or must run the TypeScript sources through tsx.
//
// dist/ is used only while it is at least as new as every source it is built from: a developer
// who edits a .ts file and runs a test, or `disc` itself, gets the current sources (through tsx,
// about two seconds slower to start) until the next `npm run build`; `npm test` builds first
// (`pretest`), so the suite runs the compiled code that ships. The build stamps dist/build-stamp.json
// with the time the build *started*, so a file saved during a build counts as newer. In an
// installed copy (a path through node_modules/) the sources are not edited and dist/ is trusted
// as it is; npm also gives every file of a packed tarball the same time.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, sep } from "node:path";

/** What dist/ is built from, relative to the package root (scripts/build.ts bundles these). */
export const SOURCES = ["grammar", "compiler", "runtime", "stdlib", "scripts/build.ts"];
/** Written last by every build; its mtime is the time the build started. */
export const STAMP = join("dist", "build-stamp.json");

/**
 * "fresh" when dist/ can run, "missing" when there is no complete build, "stale" when a source
 * is newer than the build. `DISC_SOURCE=1` asks for the sources (stale), `DISC_SOURCE=0` for
 * dist/ whatever its age (fresh, when built).
 */
export function distState(root) {
  let built;
  try {
    built = statSync(join(root, STAMP)).mtimeMs;
  } catch {
    return "missing";
  }
  if (process.env.DISC_SOURCE === "1") return "stale";
  if (process.env.DISC_SOURCE === "0") return "fresh";
  if (root.split(sep).includes("node_modules")) return "fresh";
  return newerThan(root, built) ? "stale" : "fresh";
}

/** Whether any TypeScript file of SOURCES was modified after `time` (ms). */
function newerThan(root, time) {
  for (const source of SOURCES) {
    const path = join(root, source);
    if (!existsSync(path)) continue;
    if (statSync(path).isDirectory() ? newerIn(path, time) : statSync(path).mtimeMs > time)
      return true;
  }
  return false;
}

/** `newerThan` for one folder, walked by hand (readdirSync's `recursive` costs 5× the time). */
function newerIn(dir, time) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (
      entry.isDirectory()
        ? newerIn(path, time)
        : entry.name.endsWith(".ts") && statSync(path).mtimeMs > time
    )
      return true;
  }
  return false;
}
