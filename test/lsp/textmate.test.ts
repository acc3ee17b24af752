/**
 * The editor grammar highlights exactly the role keywords of the backbone definitions
 * (stdlib/backbones/): every pattern scoped storage.type.network.dis starts with their
 * alternation, and each keyword is highlighted. `npm run docs` regenerates the file.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { roleAlternation, rolePatterns, withRoleKeywords } from "../../compiler/lsp/textmate.js";
import { ROLE_NAMES } from "../../stdlib/backbones/index.js";

const grammar = JSON.parse(
  readFileSync(
    new URL("../../editors/vscode/syntaxes/dis.tmLanguage.json", import.meta.url),
    "utf8",
  ),
) as unknown;

describe("editor grammar role keywords", () => {
  it("every role pattern lists the backbone definitions' roles (run `npm run docs` if not)", () => {
    const patterns = rolePatterns(grammar);
    expect(patterns.length).toBeGreaterThanOrEqual(2);
    for (const p of patterns) expect(p.match).toContain(`\\b(${roleAlternation()})`);
  });

  it("the patterns match each role keyword and not an identifier that starts with one", () => {
    for (const p of rolePatterns(grammar)) {
      const re = new RegExp(p.match!);
      for (const r of ROLE_NAMES)
        expect(re.test(`${r} enc = conv64()`), `${r}: ${p.match}`).toBe(true);
    }
    const bare = rolePatterns(grammar).find((p) => p.match!.endsWith("\\b"))!;
    expect(new RegExp(bare.match!).test("encoders")).toBe(false);
  });

  it("rewriting a stale alternation restores the roles", () => {
    const stale = {
      patterns: [{ name: "storage.type.network.dis", match: "\\b(encoder|decoder)\\b" }],
    };
    expect(withRoleKeywords(stale).patterns[0]!.match).toBe(`\\b(${roleAlternation()})\\b`);
  });
});
