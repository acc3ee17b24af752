/**
 * `disc check` stays linear in the size of a spec on the shapes that used to be quadratic: a
 * file of syntax errors (each error rescanned the tokens before it), one model of thousands of
 * misspelled names (each hint compared every name in scope), thousands of models (the error
 * count was recounted per model) and one model of thousands of items (lookups were scans).
 * Four times the text must take well under sixteen times as long; the fastest of five runs
 * is compared, so a busy machine does not decide (three were not enough at load average 8),
 * between 64 and 256 KiB (from 32 KiB, "many models" read 18 ms → 333 ms once under load: the
 * small case is short enough for one pause to decide). bench/check-scaling.ts measures up to
 * 1 MiB.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runFrontEnd } from "../../compiler/driver.js";

const VAE = readFileSync(
  fileURLToPath(new URL("../../examples/beta-vae.dis", import.meta.url)),
  "utf8",
);
const OPEN = VAE.replace(/\n}\s*$/, "\n");

function grow(chars: number, unit: (i: number) => string, head = "", tail = ""): string {
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < chars; i++) {
    parts.push(unit(i));
    size += parts[parts.length - 1]!.length;
  }
  return parts.join("") + tail;
}

const WORDS = ["model", "m", "{", "}", "(", ")", ",", ":", "=", "~", "+", "*", "1", "z", "kl"];
const SHAPES: Record<string, (chars: number) => string> = {
  "syntax errors": (n) => grow(n, (i) => `${WORDS[(i * 7 + (i >> 3)) % WORDS.length]} `),
  "misspelled names": (n) =>
    grow(
      n,
      (i) => `  latent z${i} ~ normal(2)\n  encoder e${i} = mlp(): x -> q${i}\n`,
      OPEN,
      "}\n",
    ),
  "many models": (n) => grow(n, (i) => VAE.replace("model beta_vae", `model m${i}`)),
  "many items": (n) =>
    grow(
      n,
      (i) => `  latent z${i} ~ normal(2)\n  encoder e${i} = mlp(): x -> z${i}\n`,
      OPEN,
      "}\n",
    ),
};

function fastest(text: string): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    runFrontEnd(text, "s.dis", { stopAfter: "check" });
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe("check scales linearly", () => {
  for (const [name, make] of Object.entries(SHAPES)) {
    it(`${name}: 4× the text takes less than 10× the time`, () => {
      fastest(make(16 * 1024)); // warm-up
      const small = fastest(make(64 * 1024));
      const large = fastest(make(256 * 1024));
      expect(large / small, `${small.toFixed(0)} ms → ${large.toFixed(0)} ms`).toBeLessThan(10);
    }, 120_000);
  }
});
