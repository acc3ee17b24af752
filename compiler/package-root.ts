/**
 * Files of disc's own installation (bin/disc.js, the PyTorch runtime's .py sources), found from
 * the package root rather than relative to the calling module: the same code runs from its
 * TypeScript source (compiler/…) and bundled into dist/ (dist/chunks/…), at different depths.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/**
 * The folder of the nearest package.json named "disc" above this module: the repository, or
 * node_modules/disc where disc is installed. Throws an Error when there is none.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && isDisc(pkg)) return (root = dir);
    if (dirname(dir) === dir) throw new Error(`no package.json of disc above ${start}`);
  }
}

/** A path inside disc's installation, e.g. `packagePath("bin", "disc.js")`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

function isDisc(pkg: string): boolean {
  try {
    return (JSON.parse(readFileSync(pkg, "utf8")) as { name?: unknown }).name === "disc";
  } catch {
    return false;
  }
}
