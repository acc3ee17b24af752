/**
 * Deterministic random numbers for data shuffling and factor sampling.
 * Backed by seedrandom's Alea generator (Baagøe 2010): period ~2^116, 4-number state that
 * serialises to JSON and restores bit-exactly.
 */
import seedrandom from "seedrandom";
import type { Rng } from "./types.js";

interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

function isAleaState(s: unknown): s is AleaState {
  if (typeof s !== "object" || s === null) return false;
  const o = s as Record<string, unknown>;
  return ["c", "s0", "s1", "s2"].every((k) => typeof o[k] === "number" && Number.isFinite(o[k]));
}

/**
 * Creates a deterministic Rng from a seed (a finite number, or a string for derived streams).
 * The same seed always yields the same sequence; `state()` is a plain JSON object
 * `{ c, s0, s1, s2 }` and `restore(state)` continues the sequence exactly from there.
 * Throws TypeError for a non-finite seed, RangeError from `int(n)` for n not a positive
 * integer ≤ 2^32, and TypeError from `restore` for a malformed state.
 */
export function createRng(seed: number | string): Rng {
  if (typeof seed === "number" && !Number.isFinite(seed)) {
    throw new TypeError(`createRng: seed must be a finite number, got ${seed}`);
  }
  let prng = seedrandom.alea(String(seed), { state: true });
  const next = (): number => prng();
  return {
    next,
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) {
        throw new RangeError(`Rng.int: n must be an integer in [1, 2^32], got ${n}`);
      }
      // double() has 53 random bits, so floor(u·n) is uniform to within 2^-21 for n ≤ 2^32.
      return Math.floor(prng.double() * n);
    },
    seed(): number {
      return prng.int32() >>> 0;
    },
    state(): unknown {
      const s = prng.state() as AleaState;
      return { c: s.c, s0: s.s0, s1: s.s1, s2: s.s2 };
    },
    restore(state: unknown): void {
      if (!isAleaState(state)) {
        throw new TypeError(
          `Rng.restore: expected a state object { c, s0, s1, s2 } from Rng.state(), got ${JSON.stringify(state)}`,
        );
      }
      prng = seedrandom.alea("", { state: { ...state } });
    },
  };
}

/**
 * Fisher–Yates shuffle in place (Knuth, TAOCP vol. 2, Algorithm P); returns the same array.
 * Every permutation is equally likely given a uniform `rng.int`.
 */
export function shuffle<T extends { length: number; [i: number]: number }>(
  indices: T,
  rng: Rng,
): T {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = indices[i] as number;
    indices[i] = indices[j] as number;
    indices[j] = t;
  }
  return indices;
}

/** The seed of an independent derived stream (e.g. epoch `counter` of a batch stream). */
export function deriveSeed(seed: number, counter: number): string {
  return `${seed}/${counter}`;
}
