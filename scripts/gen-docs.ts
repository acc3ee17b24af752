/** Regenerates docs/stdlib.md from the registry: `npm run docs`. */
import { writeFileSync } from "node:fs";
import { registry, renderStdlibMarkdown } from "../stdlib/index.js";

writeFileSync(new URL("../docs/stdlib.md", import.meta.url), renderStdlibMarkdown(registry));
console.log("wrote docs/stdlib.md");
