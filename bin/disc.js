#!/usr/bin/env node
// disc's command-line entry point. It runs the compiled JavaScript in dist/ (bundled by
// `npm run build`, which `npm ci` runs as `prepare`) when that is current, else the TypeScript
// sources through tsx; bin/dist-state.js decides and explains when dist/ counts as current.
//
// From dist/, nothing heavy loads before a command needs it: tsx and bin/resolve-hook.js are
// registered only when a command first imports a TypeScript file (a generated trainer or a
// spec's `use` module, runtime/ts-imports.ts), so `disc check` starts in a fraction of a second.
// The resolve hook lets generated trainers anywhere on disk import `disc/runtime`, `disc/stdlib`
// and `@tensorflow/tfjs` from this installation; with `dist: true` it resolves `disc/…` to the
// compiled modules (the "disc-dist" export condition in package.json), the very ones this process
// runs, so a trainer and the CLI share one runtime.
import { register } from "node:module";
import { fileURLToPath } from "node:url";
import { distState } from "./dist-state.js";

// A closed pipe (`disc train … 2>&1 | head`) must not kill a run between checkpoints and leave its
// run.json saying "running": output to a reader that went away is dropped and the work goes on.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
  });
}

const root = fileURLToPath(new URL("../", import.meta.url));
const state = distState(root);
let main;
if (state === "fresh") {
  const { deferTypeScriptLoader } = await import("../dist/runtime/ts-imports.js");
  deferTypeScriptLoader(async () => {
    (await import("tsx/esm/api")).register();
    register("./resolve-hook.js", import.meta.url, { data: { dist: true } });
  });
  ({ main } = await import("../dist/compiler/cli/main.js"));
} else {
  if (process.stderr.isTTY && process.env.DISC_SOURCE === undefined) {
    const why = state === "missing" ? "is not built" : "is older than the sources";
    process.stderr.write(
      `disc: note: dist/ ${why}; running the TypeScript sources (slower to start). ` +
        "`npm run build` compiles them.\n",
    );
  }
  (await import("tsx/esm/api")).register();
  register("./resolve-hook.js", import.meta.url, { data: { dist: false } });
  ({ main } = await import("../compiler/cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
