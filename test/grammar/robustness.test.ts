import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Span } from "../../grammar/ast.js";
import { parse, tokenize } from "../../grammar/index.js";

const dir = fileURLToPath(new URL("../../examples/", import.meta.url));
const sources = ["beta-tcvae.dis", "infogan-mnist.dis", "causal-vae-pendulum.dis"].map((f) =>
  readFileSync(dir + f, "utf8"),
);

/** Problems with a span (empty when it is a well-formed position range inside the text). */
function spanProblems(s: Span, len: number): string[] {
  const bad: string[] = [];
  for (const p of [s.start, s.end]) {
    if (!Number.isInteger(p.offset) || !Number.isInteger(p.line) || !Number.isInteger(p.column))
      bad.push("non-integer position");
    else if (p.line < 1 || p.column < 1 || p.offset < 0 || p.offset > len)
      bad.push(`position out of range ${JSON.stringify(p)}`);
  }
  if (s.end.offset < s.start.offset) bad.push("end before start");
  return bad;
}

/** Parse `text`; return the number of diagnostics and every malformed span or raw message. */
function checkAll(text: string): { count: number; problems: string[] } {
  const { ast, diagnostics } = parse(text, "fuzz.dis");
  const problems: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== "object" || v === null) return;
    const o = v as Record<string, unknown>;
    if ("kind" in o)
      problems.push(
        ...spanProblems(o["span"] as Span, text.length).map((p) => `${String(o["kind"])}: ${p}`),
      );
    for (const [k, x] of Object.entries(o)) if (k !== "span" && k !== "roleSpan") walk(x);
  };
  walk(ast);
  for (const d of diagnostics) {
    problems.push(...spanProblems(d.span, text.length).map((p) => `${d.code}: ${p}`));
    if (/Expecting|token of type|\{"kind"/.test(d.message))
      problems.push(`raw message: ${d.message}`);
  }
  return { count: diagnostics.length, problems };
}

describe("broken input", () => {
  it("every truncation of an example parses to a well-formed partial AST", () => {
    const problems: string[] = [];
    let withErrors = 0;
    for (const src of sources) {
      for (let cut = 0; cut < src.length; cut += 7) {
        const r = checkAll(src.slice(0, cut));
        problems.push(...r.problems);
        if (r.count > 0) withErrors++;
      }
    }
    expect(problems).toEqual([]);
    expect(withErrors).toBeGreaterThan(100);
  });

  it("deleting any one token gives at most two diagnostics, never a cascade", () => {
    const src = sources[1]!;
    const counts: number[] = [];
    const problems: string[] = [];
    for (const t of tokenize(src).tokens) {
      const r = checkAll(
        src.slice(0, t.offset) + " ".repeat(t.image.length) + src.slice(t.offset + t.image.length),
      );
      counts.push(r.count);
      problems.push(...r.problems);
    }
    expect(problems).toEqual([]);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
  });
});
