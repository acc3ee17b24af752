/**
 * The documented limits (grammar/limits.ts, docs/language.md § Limits): just over each one is
 * its diagnostic, found before the parser recurses; at the limits every stage — check, compile
 * (both targets) and fmt — finishes without an internal error.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { check, compile } from "../../compiler/index.js";
import { formatDis } from "../../compiler/format/format.js";
import { LIMITS, parse } from "../../grammar/index.js";

const VAE = readFileSync(
  fileURLToPath(new URL("../../examples/beta-vae.dis", import.meta.url)),
  "utf8",
);
const withLoss = (loss: string): string =>
  VAE.replace("loss = recon(x) + 4.0 * kl(z)", `loss = ${loss}`);
/** The codes of `text`'s diagnostics, less the warnings about the objective (its made-up losses
 * of many `kl(z)` lack `recon` and repeat terms: DIS3050–DIS3054, compiler/check/pedantic.ts). */
const codes = (text: string): string[] =>
  check(text, "s.dis")
    .diagnostics.map((d) => d.code)
    .filter((c) => !/^DIS305\d$/.test(c));

/** No error from check, compile (TypeScript and PyTorch) or fmt. */
async function allStagesClean(text: string): Promise<void> {
  expect(codes(text).filter((c) => c !== "DIS3015")).toEqual([]);
  for (const target of ["ts", "pytorch"] as const) {
    const r = await compile(text, "s.dis", { target });
    expect(
      r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`),
    ).toEqual([]);
    expect(Object.keys(r.files).length).toBeGreaterThan(0);
  }
  const once = formatDis(text);
  expect(once.diagnostics).toEqual([]);
  expect(formatDis(once.text!).text).toBe(once.text);
}

describe("limits", () => {
  it("are the documented numbers", () => {
    expect(LIMITS).toEqual({
      fileChars: 1_048_576,
      nesting: 100,
      listEntries: 1000,
      operators: 100,
    });
  });

  it("DIS1008: a file over 1 MiB is not lexed or parsed", () => {
    const pad = (n: number): string => `${VAE}\n//${"x".repeat(n - VAE.length - 3)}`;
    expect(pad(LIMITS.fileChars).length).toBe(LIMITS.fileChars);
    expect(codes(pad(LIMITS.fileChars))).toEqual([]);
    const r = parse(pad(LIMITS.fileChars + 1), "s.dis");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["DIS1008"]);
    expect(r.ast.models).toEqual([]);
  });

  it("DIS1009: nesting past 100 levels, in parentheses, minus signs, `^` chains and lists", () => {
    // the model's braces and the call `kl(` are two of the levels
    expect(codes(withLoss(`${"(".repeat(98)}kl(z)${")".repeat(98)}`))).toEqual([]);
    expect(codes(withLoss(`${"(".repeat(99)}kl(z)${")".repeat(99)}`))).toEqual(["DIS1009"]);
    expect(codes(withLoss(`${"-".repeat(10_000)}kl(z)`))).toEqual(["DIS1009"]);
    expect(codes(withLoss(`kl(z) * -(${"2 ^ ".repeat(99)}1)`))).toEqual(["DIS1009"]);
    expect(codes(withLoss(`kl(z) * ${"[".repeat(300)}${"]".repeat(300)}`))).toEqual(["DIS1009"]);
    const d = check(withLoss(`${"(".repeat(281)}kl(z)${")".repeat(281)}`), "s.dis").diagnostics;
    expect(d.map((x) => [x.code, x.message])).toEqual([
      ["DIS1009", "This is nested 101 levels deep; the limit is 100."],
    ]);
  });

  it("DIS1010: a list of more than 1,000 entries", () => {
    const metrics = (n: number): string =>
      VAE.replace(/metrics: \[[^\]]*\]/, `metrics: [${Array(n).fill("mig").join(", ")}]`);
    expect(codes(metrics(LIMITS.listEntries))).toEqual([]);
    expect(codes(metrics(LIMITS.listEntries + 1))).toEqual(["DIS1010"]);
    expect(codes(metrics(100_000))).toEqual(["DIS1010"]);
  });

  it("DIS1011: more than 100 operators in one item (a loss of more than 101 terms)", () => {
    const terms = (n: number): string => withLoss(Array(n).fill("kl(z)").join(" + "));
    expect(codes(terms(LIMITS.operators + 1))).toEqual([]);
    expect(codes(terms(LIMITS.operators + 2))).toEqual(["DIS1011"]);
    // parentheses do not reset the count: the expression tree stays shallow
    expect(
      codes(
        withLoss(
          `(${Array(60).fill("kl(z)").join(" + ")}) + (${Array(60).fill("kl(z)").join(" + ")})`,
        ),
      ),
    ).toEqual(["DIS1011"]);
    // separate items count separately
    const two = withLoss(Array(90).fill("kl(z)").join(" + ")).replace(
      "seed: 0",
      "seed: 0\n    clip: 1",
    );
    expect(codes(two)).toEqual([]);
  });

  it("at the limits every stage finishes: nesting and operators at once", async () => {
    // 98 minus signs or `abs(` (+ the braces and `kl(`: 100 levels) on the first of 101 terms
    await allStagesClean(
      withLoss(`${"-".repeat(98)}kl(z)${" + recon(x)".repeat(LIMITS.operators)}`),
    );
    await allStagesClean(
      withLoss(
        `${"abs(".repeat(98)}kl(z)${")".repeat(98)}${" + recon(x)".repeat(LIMITS.operators)}`,
      ),
    );
  }, 60_000);
});
