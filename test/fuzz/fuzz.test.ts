/**
 * A seeded fuzz corpus, run in-process: mutants of every examples/*.dis (token deletions,
 * duplications and swaps, truncations, random bytes, huge numbers, deep nesting, swapped names,
 * duplicated and grafted lines; test/fuzz/mutate.ts). For each mutant: no exception escapes;
 * `disc check` is clean or reports catalogued diagnostics whose spans lie inside the text and
 * whose line/column match their offsets; never DIS4001 (internal error) or DIS4002 (a library
 * entry's bug); `disc fmt` formats idempotently or refuses with diagnostics; each case within
 * 2 s. Every mutant that checks clean is compiled too, and compile never reports DIS4001.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { check, compile } from "../../compiler/index.js";
import { CATALOGUE } from "../../compiler/diagnostics/catalogue.js";
import type { Diagnostic } from "../../compiler/diagnostics/types.js";
import { formatDis } from "../../compiler/format/format.js";
import { positioner } from "../../grammar/tokens.js";
import type { Span } from "../../grammar/ast.js";
import { corpus } from "./mutate.js";

const DIR = fileURLToPath(new URL("../../examples/", import.meta.url));
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".dis"))
  .sort();
const SOURCES = FILES.map((f) => readFileSync(DIR + f, "utf8"));
/** Mutants per example: 50 (11 examples today: 550 cases). */
const PER_EXAMPLE = 50;
const SEED = 19;
/** Per case, check + fmt (ms); generous, the machine is shared. */
const TIME_BOUND = 2000;

/** What is wrong with a span of `text` (empty when it is well-formed and inside the text). */
function spanProblems(s: Span, text: string): string[] {
  const at = positioner(text);
  const out: string[] = [];
  if (!(s.start.offset >= 0 && s.start.offset <= s.end.offset && s.end.offset <= text.length))
    out.push(`span outside the text: ${s.start.offset}-${s.end.offset} of ${text.length}`);
  else
    for (const p of [s.start, s.end]) {
      const want = at(p.offset);
      if (want.line !== p.line || want.column !== p.column)
        out.push(`offset ${p.offset} is ${want.line}:${want.column}, not ${p.line}:${p.column}`);
    }
  return out;
}

function diagnosticProblems(ds: readonly Diagnostic[], text: string): string[] {
  const out: string[] = [];
  for (const d of ds) {
    if (!(d.code in CATALOGUE)) out.push(`uncatalogued code ${d.code}`);
    if (d.code === "DIS4001" || d.code === "DIS4002") out.push(`${d.code}: ${d.message}`);
    if (!d.message.trim()) out.push(`${d.code} without a message`);
    for (const s of [d.span, ...(d.related ?? []).map((r) => r.span)])
      out.push(...spanProblems(s, text).map((p) => `${d.code} ${p}`));
  }
  return out;
}

/** Checks one mutant; returns its problems and whether it checked clean (no errors). */
function runCase(text: string): { problems: string[]; clean: boolean; ms: number } {
  const problems: string[] = [];
  const t0 = performance.now();
  let clean = false;
  try {
    const ds = check(text, "fuzz.dis").diagnostics;
    problems.push(...diagnosticProblems(ds, text));
    clean = !ds.some((d) => d.severity === "error");
  } catch (err) {
    problems.push(`check threw: ${String(err)}`);
  }
  try {
    const once = formatDis(text, "fuzz.dis");
    if (once.text === undefined) {
      if (once.diagnostics.length === 0) problems.push("fmt refused without a diagnostic");
      problems.push(...diagnosticProblems(once.diagnostics, text).map((p) => `fmt: ${p}`));
    } else if (formatDis(once.text, "fuzz.dis").text !== once.text) {
      problems.push("fmt is not idempotent");
    }
  } catch (err) {
    problems.push(`fmt threw: ${String(err)}`);
  }
  const ms = performance.now() - t0;
  if (ms > TIME_BOUND) problems.push(`took ${ms.toFixed(0)} ms`);
  return { problems, clean, ms };
}

const stats = { cases: 0, clean: 0, compiled: 0, ms: 0 };

describe("fuzz: mutated examples", () => {
  it("the corpus is deterministic", () => {
    const a = corpus(SOURCES[0]!, SEED, 20, SOURCES).map((m) => m.text);
    const b = corpus(SOURCES[0]!, SEED, 20, SOURCES).map((m) => m.text);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(15);
  });

  FILES.forEach((file, i) => {
    it(`${file}: ${PER_EXAMPLE} mutants check, format and compile without internal errors`, async () => {
      const donors = SOURCES.filter((_, j) => j !== i);
      const problems: string[] = [];
      for (const m of corpus(SOURCES[i]!, SEED * 1000 + i, PER_EXAMPLE, donors)) {
        const r = runCase(m.text);
        stats.cases++;
        stats.ms += r.ms;
        problems.push(...r.problems.map((p) => `${m.how}: ${p}`));
        if (!r.clean) continue;
        stats.clean++;
        try {
          const c = await compile(m.text, "fuzz.dis");
          stats.compiled++;
          for (const d of c.diagnostics)
            if (d.code === "DIS4001") problems.push(`${m.how}: compile ${d.code}: ${d.message}`);
        } catch (err) {
          problems.push(`${m.how}: compile threw: ${String(err)}`);
        }
      }
      expect(problems).toEqual([]);
    }, 120_000);
  });

  it("covered the corpus", () => {
    console.log(
      `fuzz corpus: ${stats.cases} mutants, ${stats.clean} clean (all compiled), ` +
        `check+fmt ${(stats.ms / Math.max(1, stats.cases)).toFixed(1)} ms per case on average`,
    );
    expect(stats.cases).toBe(FILES.length * PER_EXAMPLE);
    expect(stats.compiled).toBe(stats.clean);
    expect(stats.clean).toBeGreaterThan(0);
  });
});
