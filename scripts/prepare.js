// `prepare` (run by `npm ci`, `npm install` in a checkout and `npm pack`): builds dist/ with
// `npm run build` when esbuild, a dev dependency, is installed. After `npm ci --omit=dev` it is
// not; then there is nothing to build with, and bin/disc.js runs the TypeScript sources through
// tsx (a dependency) instead, about two seconds slower to start.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
try {
  require.resolve("esbuild");
} catch {
  console.log(
    "disc: esbuild is not installed (npm ci --omit=dev): dist/ not built; disc runs its TypeScript sources",
  );
  process.exit(0);
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const r = spawnSync(npm, ["run", "build"], { stdio: "inherit" });
process.exit(r.status ?? 1);
