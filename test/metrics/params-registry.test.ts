/**
 * Issue #21, registry-driven: for every metric entry of stdlib/metrics, every declared parameter
 * name is read by the runtime (`evaluateSpecMetrics` over a Proxy that records the keys it reads),
 * and a non-default value of each changes what the metric computes or encodes (its result, or the
 * batch sizes the encoder is called with). A new parameter fails here until it is wired.
 */
import { describe, expect, it } from "vitest";
import { evaluateSpecMetrics } from "../../runtime/metrics/spec-metrics.js";
import { metrics } from "../../stdlib/metrics/index.js";
import { encoder, grid } from "./params-fixtures.js";

type Args = Record<string, { value: unknown }>;
/** Runs one metric through the spec path; the result and every encoder batch size, as JSON. */
async function fingerprint(name: string, args: Args): Promise<string> {
  const calls: number[] = [];
  const r = await evaluateSpecMetrics([{ name, args }], grid, encoder(calls));
  return JSON.stringify({ result: r[name], calls });
}

/** Per parameter name: a small value every metric can run with, and a different one. */
const VALUES: Record<string, [unknown, unknown]> = {
  samples: [40, 48],
  test_samples: [20, 24],
  batch: [8, 5],
  variance_samples: [50, 60],
  prune_threshold: [0.05, 100],
  bins: [20, 3],
  seed: [0, 1],
  representation: ["mean", "sample"],
  factors: [[], ["a"]],
};

describe("every declared metric parameter is read and changes the computation", () => {
  for (const m of metrics) {
    it(
      m.name,
      async () => {
        const params = m.signature.params;
        const valuesOf = (name: string, dflt: unknown): [unknown, unknown] => {
          if (VALUES[name]) return VALUES[name];
          const type = params.find((p) => p.name === name)!.type;
          if (type.kind === "enum") return [dflt, type.values.find((v) => v !== dflt)];
          throw new Error(`${m.name}(${name}): add test values for this parameter to VALUES`);
        };
        const baseArgs: Args = Object.fromEntries(
          params.map((p) => [p.name, { value: valuesOf(p.name, p.default)[0] }]),
        );
        const read = new Set<string>();
        const proxy = new Proxy(baseArgs, {
          get: (t, k) => (typeof k === "string" && read.add(k), t[k as string]),
        });
        const calls: number[] = [];
        await evaluateSpecMetrics([{ name: m.name, args: proxy }], grid, encoder(calls));
        const unread = params.map((p) => p.name).filter((n) => !read.has(n));
        expect(unread, `${m.name}: declared but never read`).toEqual([]);

        const base = await fingerprint(m.name, baseArgs);
        const ignored: string[] = [];
        for (const p of params) {
          const alt = { ...baseArgs, [p.name]: { value: valuesOf(p.name, p.default)[1] } };
          if ((await fingerprint(m.name, alt)) === base) ignored.push(p.name);
        }
        expect(ignored, `${m.name}: a non-default value changed nothing`).toEqual([]);
      },
      60_000,
    );
  }
});
