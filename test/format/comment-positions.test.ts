/**
 * `disc fmt` keeps every comment attached to the token it follows (issue 20, item 5): a comment
 * of each kind (`/* … *\/` or `//`, on the token's line or on its own line) is put after every
 * token of two examples in turn; the formatted text has each comment after the same token, and
 * formatting it again changes nothing. The golden cases are in test/golden/format/.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scanComments } from "../../compiler/format/comments.js";
import { formatDis } from "../../compiler/format/format.js";
import { tokenize } from "../../grammar/tokens.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const KINDS = {
  block: " /* q */",
  line: " // q\n",
  ownLine: "\n  // q\n",
  ownBlock: "\n/* q */\n",
};

/** Each comment with the image of the token before it. */
function attachments(text: string): string[] {
  const tokens = tokenize(text).tokens;
  return scanComments(text).map(
    (c) => `${tokens.filter((t) => t.offset < c.start).pop()?.image ?? "^"} ${c.text}`,
  );
}

describe("disc fmt: a comment after any token stays after it", () => {
  for (const example of ["beta-tcvae.dis", "beta-sweep.dis"]) {
    it(example, () => {
      const text = readFileSync(join(ROOT, "examples", example), "utf8");
      const failures: string[] = [];
      for (const t of tokenize(text).tokens) {
        const at = t.offset + t.image.length;
        for (const [kind, comment] of Object.entries(KINDS)) {
          const src = text.slice(0, at) + comment + text.slice(at);
          const once = formatDis(src).text;
          if (once === undefined) continue;
          const same = JSON.stringify(attachments(once)) === JSON.stringify(attachments(src));
          if (!same || formatDis(once).text !== once)
            failures.push(`${kind} after \`${t.image}\` at offset ${t.offset}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
