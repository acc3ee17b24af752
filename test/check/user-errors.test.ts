/**
 * Issue #19, compiler side: specs that used to pass `disc check` and then fail at compile with
 * DIS4001 ("internal compiler error … this is a bug"), or that passed with a number that
 * vanished (Infinity, NaN), are coded diagnostics from `disc check` at their span, and
 * `compile()` reports the same and never an internal error.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { check, compile } from "../../compiler/index.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
const GAN = readFileSync(`${EXAMPLES}infogan-mnist.dis`, "utf8");
const VAE = readFileSync(`${EXAMPLES}beta-vae.dis`, "utf8");
const LOSS = "loss = gan(non_saturating) - 1.0 * info(c) - 1.0 * info(s)";

function edit(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

/** [what, spec, code, text of the span]. */
const CASES: [string, string, string, string][] = [
  [
    "gan(a) * gan(b)",
    edit(GAN, LOSS, "loss = gan(non_saturating) * gan(hinge)"),
    "DIS3023",
    "gan(hinge)",
  ],
  [
    "a GAN loss with no gan()",
    edit(GAN, LOSS, "loss = -info(c) - info(s)"),
    "DIS3023",
    "-info(c) - info(s)",
  ],
  [
    "two gan terms",
    edit(GAN, LOSS, "loss = gan(non_saturating) + gan(hinge) - info(c)"),
    "DIS3023",
    "gan(hinge)",
  ],
  [
    "info(c) with no Q head",
    edit(
      edit(GAN, "  head q = mlp(hidden: [128]): discriminator -> (c, s)\n", ""),
      LOSS,
      "loss = gan(non_saturating) - info(c)",
    ),
    "DIS3024",
    "c",
  ],
  [
    "an encoder x -> (z, w) with a decoder (z, w) -> x",
    edit(
      edit(
        edit(VAE, "latent z ~ normal(10)", "latent z ~ normal(10)\n  latent w ~ normal(2)"),
        "x -> z",
        "x -> (z, w)",
      ),
      "z -> x ~",
      "(z, w) -> x ~",
    ),
    "DIS2016",
    "w",
  ],
  ["seed: 1e309", edit(VAE, "seed: 0", "seed: 1e309"), "DIS1012", "1e309"],
  ["batch: 1e309", edit(VAE, "batch: 64", "batch: 1e309"), "DIS1012", "1e309"],
  ["batch: -1e309", edit(VAE, "batch: 64", "batch: -1e309"), "DIS1012", "1e309"],
  ["lr: 1e309", edit(VAE, "lr: 1e-4", "lr: 1e309"), "DIS1012", "1e309"],
  ["1e309 * kl(z)", edit(VAE, "4.0 * kl(z)", "1e309 * kl(z)"), "DIS1012", "1e309"],
  ["1e309k * kl(z)", edit(VAE, "4.0 * kl(z)", "1e309k * kl(z)"), "DIS1012", "1e309k"],
  ["kl(z) / 0", edit(VAE, "4.0 * kl(z)", "kl(z) / 0"), "DIS2022", "0"],
  [
    "kl(z) / warmup(…)",
    edit(VAE, "4.0 * kl(z)", "kl(z) / warmup(2, over: 1k steps)"),
    "DIS2022",
    "warmup(2, over: 1k steps)",
  ],
  ["1e300 * 1e300", edit(VAE, "4.0 * kl(z)", "1e300 * 1e300 * kl(z)"), "DIS2023", "1e300 * 1e300"],
  [
    "uniform(1, -1)",
    edit(GAN, "uniform(-1, 1, size: 62)", "uniform(1, -1, size: 62)"),
    "DIS2012",
    "-1",
  ],
  ["normal(1e309)", edit(VAE, "normal(10)", "normal(1e309)"), "DIS1012", "1e309"],
  ["seed: 1e300 (not an exact integer)", edit(VAE, "seed: 0", "seed: 1e300"), "DIS2012", "1e300"],
  ["recon(y) with no decoder of y", edit(VAE, "recon(x)", "recon(y)"), "DIS3009", "y"],
];

describe("mistakes that reached the emitter are checker diagnostics", () => {
  for (const [what, text, code, at] of CASES) {
    it(`${what}: ${code} from check and compile`, async () => {
      const checked = check(text, "s.dis").diagnostics;
      const d = checked.find((x) => x.code === code);
      expect(d, JSON.stringify(checked.map((x) => `${x.code} ${x.message}`))).toBeDefined();
      expect(text.slice(d!.span.start.offset, d!.span.end.offset)).toBe(at);
      const compiled = await compile(text, "s.dis");
      const codes = compiled.diagnostics.map((x) => x.code);
      expect(codes).toContain(code);
      expect(codes.filter((c) => c.startsWith("DIS4"))).toEqual([]);
      expect(compiled.files).toEqual({});
    });
  }

  it("info(c, std: learned) sizes the Q head for mean ‖ log-variance and compiles", async () => {
    const text = edit(GAN, "info(s)", "info(s, std: learned)");
    const r = await compile(text, "s.dis");
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.ir!.networks.find((n) => n.role === "head")!.outputShape).toEqual([10 + 2 * 2]);
    expect(Object.keys(r.files)).toEqual(["infogan_mnist.trainer.ts", "infogan_mnist.spec.json"]);
    // the head's width and the code slices follow hp.latents (2·D for the learned std)
    const program = r.files["infogan_mnist.trainer.ts"]!;
    expect(program).toContain("output: [hp.latents.c + 2 * hp.latents.s]");
    expect(program).toContain("s: tf.slice(out, [0, hp.latents.c], [-1, 2 * hp.latents.s])");
  });
});
