/**
 * The warnings about suspicious objectives (issue 20, item 7; golden cases in
 * test/golden/bad/warnings/dis305*): the sign of a term through the arithmetic, and no warning
 * on any example (InfoGAN's `- 1.0 * info(c)` maximises on purpose).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { check } from "../../compiler/index.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const VAE = (loss: string) => `model m {
  data dsprites(batch: 64)
  latent z ~ normal(10)
  encoder conv64(): x -> z
  decoder deconv64(): z -> x ~ bernoulli
  loss = ${loss}
}
`;
const codes = (text: string) =>
  check(text, "m.dis")
    .diagnostics.map((d) => d.code)
    .filter((c) => c.startsWith("DIS305"));

describe("suspicious objectives", () => {
  it("follows a term's sign through the arithmetic", () => {
    expect(codes(VAE("recon(x) + kl(z) - 35 * total_correlation(z)"))).toEqual(["DIS3050"]);
    expect(codes(VAE("recon(x) + kl(z) + -35 * total_correlation(z)"))).toEqual(["DIS3050"]);
    expect(codes(VAE("recon(x) - kl(z) / 2"))).toEqual(["DIS3050"]);
    expect(codes(VAE("recon(x) - (0 - 4) * kl(z)"))).toEqual([]);
    expect(codes(VAE("recon(x) - -kl(z)"))).toEqual([]);
    expect(codes(VAE("recon(x) + anneal(0 -> 25, over: 10k steps) * kl(z)"))).toEqual([]);
    expect(codes(VAE("recon(x) + abs(kl(z) - 25)"))).toEqual([]);
  });

  it("tells a repeated term from one with other arguments", () => {
    expect(codes(VAE("recon(x) + kl(z) + kl(z)"))).toEqual(["DIS3052"]);
    expect(codes(VAE("recon(x) + dip(z, variant: i) + dip(z, variant: ii)"))).toEqual([]);
  });

  it("warns about no example", () => {
    const files = readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".dis"));
    for (const f of files)
      expect(codes(readFileSync(join(ROOT, "examples", f), "utf8")), f).toEqual([]);
  });
});
