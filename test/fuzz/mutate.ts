/**
 * Seeded, deterministic mutations of `.dis` sources for the fuzz test: token deletions,
 * duplications and swaps, truncations, random bytes, huge and degenerate numbers, deep nesting,
 * swapped library names and duplicated lines. Same seed, same corpus.
 */
import { tokenize, type Token } from "../../grammar/index.js";

/** mulberry32: a small seeded PRNG with values in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One mutant: how it was made (for failure messages) and its text. */
export interface Mutant {
  readonly how: string;
  readonly text: string;
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const HUGE = ["1e309", "-1e309", "1e309k", "1e308", "1.8e308", "1e300", "0", "-0", "1e-400"];
const MORE = ["9007199254740993", "4.5", "-1", "0.0", "1M", "1e20", "999999999999"];
const WORDS = [
  "gan",
  "info",
  "kl",
  "recon",
  "dag",
  "l1",
  "denoise",
  "total_correlation",
  "anneal",
  "warmup",
  "abs",
  "normal",
  "uniform",
  "categorical",
  "discriminator",
  "head",
  "generator",
  "encoder",
  "x",
  "y",
  "z",
  "c",
  "mig",
  "adam",
];
const BYTES = [
  "\u0000",
  "\t",
  "#",
  "'",
  '"',
  "\\",
  "@",
  "é",
  "\u{1F600}",
  "\r",
  "\n",
  "/*",
  "*/",
  "//",
  "->",
  "~",
  "^",
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ",",
  ";",
  ":",
  "=",
];

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

const end = (t: Token): number => t.offset + t.image.length;

/** One random mutation of `text`; `donors` are other sources whose lines may be grafted in. */
export function mutate(text: string, r: Rand, donors: readonly string[] = []): Mutant {
  const toks = tokenize(text).tokens;
  const tok = (): Token => pick(r, toks);
  const kind = toks.length === 0 ? 4 : int(r, 0, donors.length > 0 ? 10 : 9);
  switch (kind) {
    case 10: {
      const lines = pick(r, donors)
        .split("\n")
        .filter((l) => /^\s+\w/.test(l) && !/^\s*\/\//.test(l));
      const line = pick(r, lines.length > 0 ? lines : [""]);
      const own = text.split("\n");
      const at = int(r, 1, Math.max(1, own.length - 2));
      own.splice(at, 0, line);
      return { how: `graft "${line.trim()}" before line ${at + 1}`, text: own.join("\n") };
    }
    case 0: {
      const i = int(r, 0, toks.length - 1);
      const n = int(r, 1, 3);
      const last = toks[Math.min(toks.length - 1, i + n - 1)]!;
      return {
        how: `delete ${n} tokens at ${toks[i]!.offset}`,
        text: splice(text, toks[i]!.offset, end(last), ""),
      };
    }
    case 1: {
      const t = tok();
      return {
        how: `duplicate token ${t.image} at ${t.offset}`,
        text: splice(text, end(t), end(t), ` ${t.image}`),
      };
    }
    case 2: {
      const [a, b] = [tok(), tok()].sort((p, q) => p.offset - q.offset);
      if (a!.offset === b!.offset || end(a!) > b!.offset) return { how: "swap (none)", text };
      const swapped = splice(
        splice(text, b!.offset, end(b!), a!.image),
        a!.offset,
        end(a!),
        b!.image,
      );
      return { how: `swap ${a!.image}@${a!.offset} and ${b!.image}@${b!.offset}`, text: swapped };
    }
    case 3: {
      const at = int(r, 0, text.length);
      return { how: `truncate at ${at}`, text: text.slice(0, at) };
    }
    case 4: {
      let out = text;
      const n = int(r, 1, 4);
      for (let k = 0; k < n; k++) {
        const at = int(r, 0, out.length);
        out = splice(out, at, at, pick(r, BYTES));
      }
      return { how: `insert ${n} random bytes`, text: out };
    }
    case 5: {
      const nums = toks.filter((t) => t.type === "NumberLit");
      if (nums.length === 0) return { how: "huge (none)", text };
      const t = pick(r, nums);
      const v = pick(r, r() < 0.6 ? HUGE : MORE);
      return {
        how: `number ${t.image}@${t.offset} -> ${v}`,
        text: splice(text, t.offset, end(t), v),
      };
    }
    case 6: {
      const t = tok();
      const depth = pick(r, [60, 99, 101, 150, 400, 3000]);
      const open = pick(r, ["(", "-", "-(", "[", "abs("]);
      const close =
        open === "-" ? "" : open === "-(" || open === "abs(" ? ")" : open === "(" ? ")" : "]";
      const wrapped = open.repeat(depth) + t.image + close.repeat(depth);
      return {
        how: `nest ${t.image}@${t.offset} ${depth}× in ${open}`,
        text: splice(text, t.offset, end(t), wrapped),
      };
    }
    case 7: {
      const ids = toks.filter((t) => /^[A-Za-z_]/.test(t.image));
      const t = pick(r, ids.length > 0 ? ids : toks);
      const w = pick(r, WORDS);
      return {
        how: `name ${t.image}@${t.offset} -> ${w}`,
        text: splice(text, t.offset, end(t), w),
      };
    }
    case 8: {
      const lines = text.split("\n");
      const i = int(r, 0, lines.length - 1);
      const j = int(r, 0, lines.length);
      lines.splice(j, 0, lines[i]!);
      return { how: `duplicate line ${i + 1} before line ${j + 1}`, text: lines.join("\n") };
    }
    default: {
      const lines = text.split("\n");
      const i = int(r, 0, lines.length - 1);
      lines.splice(i, 1);
      return { how: `delete line ${i + 1}`, text: lines.join("\n") };
    }
  }
}

/**
 * `count` mutants of `text` from `seed`; some are mutated twice or three times. Lines of
 * `donors` (the other examples) may be grafted in, mixing the backbones' items.
 */
export function corpus(
  text: string,
  seed: number,
  count: number,
  donors: readonly string[] = [],
): Mutant[] {
  const r = rng(seed);
  const out: Mutant[] = [];
  for (let i = 0; i < count; i++) {
    let m = mutate(text, r, donors);
    const more = r() < 0.3 ? int(r, 1, 2) : 0;
    for (let k = 0; k < more; k++) {
      const next = mutate(m.text, r, donors);
      m = { how: `${m.how}; ${next.how}`, text: next.text };
    }
    out.push(m);
  }
  return out;
}
