/**
 * Issue #21, registry-driven: every parameter an entry with a runtime half declares
 * (signature.params of a penalty, network, likelihood, distribution, optimizer or schedule) is
 * read by that runtime half. Each resolved call of entry-setups.ts — every enum / bool value,
 * `appliesWhen` respected — runs with its args wrapped in a Proxy that records the keys read
 * (a penalty's compute, createState, diagnostics and negativeEstimate; a network's build; …).
 * A parameter read elsewhere (the compiler, the trainer) is listed in READ_ELSEWHERE with the
 * file that reads it, and that file must name it; a listed parameter the runtime half reads
 * after all fails too, so neither list rots. Metric parameters: test/metrics/params-registry.test.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { registry } from "../../stdlib/index.js";
import type { AnyEntry, ArgValue, TermContext } from "../../stdlib/types.js";
import { exercise, RUNTIME_KINDS, SETUPS, termContext, variants } from "./entry-setups.js";

/** `entry.param` → the file (from the repository root) that reads it instead of the runtime half. */
const READ_ELSEWHERE: Readonly<Record<string, string>> = {
  // the plan builds the GAN's phases from it; compute's value is the same for both routings
  "info.routing": "compiler/plan/phases.ts",
  // the images the backbone noises: the checker requires the denoiser's output, x (DIS3009)
  "denoise.target": "compiler/check/check-diffusion.ts",
};

/**
 * Parameters read nowhere: bugs reported on issue #21 and not yet decided. Each is asserted to
 * be still unread, so the fix fails here until its row is removed.
 */
const KNOWN_UNREAD: Readonly<Record<string, string>> = {};

let fixture: { ctx: TermContext; dispose: () => void } | undefined;
const context = (): TermContext => (fixture ??= termContext()).ctx;
afterAll(() => fixture?.dispose());

/** The keys of `args` that `run` reads (get or `in`); throws when it enumerates them. */
function keysRead(
  args: Record<string, ArgValue>,
  run: (proxy: Record<string, ArgValue>) => void,
): Set<string> {
  const read = new Set<string>();
  const proxy = new Proxy(args, {
    get: (t, k, r) => (typeof k === "string" && read.add(k), Reflect.get(t, k, r) as unknown),
    has: (t, k) => (typeof k === "string" && read.add(k), Reflect.has(t, k)),
    ownKeys: () => {
      throw new Error("the runtime half enumerates its args: the keys it reads cannot be told");
    },
  });
  run(proxy);
  return read;
}

function findEntry(name: string): AnyEntry | undefined {
  return RUNTIME_KINDS.map((k) => registry.lookup(k, name)).find((e) => e !== undefined);
}

describe("every declared parameter is read by the entry's runtime half", () => {
  for (const kind of RUNTIME_KINDS) {
    for (const entry of registry.list(kind)) {
      it(`${kind} ${entry.name}`, () => {
        const setup = SETUPS[kind][entry.name];
        if (setup === undefined) {
          throw new Error(
            `${kind} '${entry.name}' has no setup: add a row to SETUPS.${kind} in test/stdlib/entry-setups.ts`,
          );
        }
        const read = new Set<string>();
        for (const args of variants(entry, setup)) {
          const keys = keysRead(args, (proxy) =>
            tf.dispose(exercise(entry, proxy, args, context(), setup)),
          );
          keys.forEach((k) => read.add(k));
        }
        const declared = entry.signature.params.map((p) => p.name);
        const undeclared = [...read].filter((k) => !declared.includes(k));
        expect(undeclared, `${entry.name} reads arguments it does not declare`).toEqual([]);
        const listed = (p: string) =>
          `${entry.name}.${p}` in { ...READ_ELSEWHERE, ...KNOWN_UNREAD };
        const unread = declared
          .filter((p) => !read.has(p) && !listed(p))
          .map((p) => `${entry.name}.${p}: declared, never read by the ${kind}'s runtime half`);
        expect(unread, "wire it, or list it in READ_ELSEWHERE with the file that reads it").toEqual(
          [],
        );
        const stale = declared
          .filter((p) => read.has(p) && listed(p))
          .map((p) => `${entry.name}.${p}: read by the runtime half, remove it from the lists`);
        expect(stale).toEqual([]);
      });
    }
  }
  it("READ_ELSEWHERE and KNOWN_UNREAD name declared parameters; each READ_ELSEWHERE file names its parameter", () => {
    for (const key of [...Object.keys(READ_ELSEWHERE), ...Object.keys(KNOWN_UNREAD)]) {
      const [name, param] = key.split(".") as [string, string];
      const entry = findEntry(name);
      expect(entry, `${key}: no runtime entry '${name}'`).toBeDefined();
      expect(
        entry!.signature.params.map((p) => p.name),
        key,
      ).toContain(param);
    }
    for (const [key, file] of Object.entries(READ_ELSEWHERE)) {
      const path = new URL(`../../${file}`, import.meta.url);
      expect(existsSync(path), `${key}: ${file} does not exist`).toBe(true);
      const param = key.split(".")[1]!;
      const names = new RegExp(`["'.]${param}\\b`);
      expect(names.test(readFileSync(path, "utf8")), `${key}: ${file} never names '${param}'`).toBe(
        true,
      );
    }
  });
});
