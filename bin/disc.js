#!/usr/bin/env node
// disc's command-line entry point. disc ships its TypeScript sources and runs them through tsx;
// a resolve hook lets generated trainers anywhere on disk import `disc/runtime`, `disc/stdlib`
// and `@tensorflow/tfjs` from this installation.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

registerTsx();
register("./resolve-hook.js", import.meta.url);
const { main } = await import("../compiler/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
