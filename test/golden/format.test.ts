/**
 * Golden cases of `disc fmt` (issue 20, item 5): `test/golden/format/<case>/input.dis` and the
 * formatted `expected.dis`. Each case puts comments in another position (after an item, after
 * each term of a multi-line loss, in a one-line spec, inside argument lists, after braces); every
 * comment stays attached to the token it follows, and formatting the expected text changes
 * nothing. Accept new outputs with `npm run golden:accept`, then review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scanComments } from "../../compiler/format/comments.js";
import { formatDis } from "../../compiler/format/format.js";
import { tokenize } from "../../grammar/tokens.js";

const ROOT = fileURLToPath(new URL("format", import.meta.url));
const ACCEPT = process.env["GOLDEN_ACCEPT"] === "1";

/** Each comment with the token it follows (the image of the last token before it). */
function attachments(text: string): string[] {
  const tokens = tokenize(text).tokens;
  return scanComments(text).map((c) => {
    const before = tokens.filter((t) => t.offset < c.start).pop();
    return `${before?.image ?? "^"} ${c.text}`;
  });
}

describe("golden: disc fmt keeps comments where they were", () => {
  for (const name of readdirSync(ROOT).sort()) {
    it(name, () => {
      const input = readFileSync(join(ROOT, name, "input.dis"), "utf8");
      const out = formatDis(input).text;
      expect(out).toBeDefined();
      const file = join(ROOT, name, "expected.dis");
      if (ACCEPT) writeFileSync(file, out!);
      else {
        expect(existsSync(file), `${file} is missing; run npm run golden:accept`).toBe(true);
        expect(out).toBe(readFileSync(file, "utf8"));
      }
      expect(formatDis(out!).text).toBe(out);
      expect(attachments(out!)).toEqual(attachments(input));
    });
  }
});
