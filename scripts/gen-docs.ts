/**
 * Regenerates what is derived from the registry and the backbone definitions: docs/stdlib.md and
 * the role keywords of the editor grammar (editors/vscode/syntaxes/dis.tmLanguage.json).
 * `npm run docs`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { withRoleKeywords } from "../compiler/lsp/textmate.js";
import { registry, renderStdlibMarkdown } from "../stdlib/index.js";

writeFileSync(new URL("../docs/stdlib.md", import.meta.url), renderStdlibMarkdown(registry));
console.log("wrote docs/stdlib.md");

const grammarUrl = new URL("../editors/vscode/syntaxes/dis.tmLanguage.json", import.meta.url);
const grammar = withRoleKeywords(JSON.parse(readFileSync(grammarUrl, "utf8")) as unknown);
const filepath = fileURLToPath(grammarUrl);
const options = { ...(await resolveConfig(filepath)), filepath };
writeFileSync(grammarUrl, await format(JSON.stringify(grammar), options));
console.log("wrote editors/vscode/syntaxes/dis.tmLanguage.json");
