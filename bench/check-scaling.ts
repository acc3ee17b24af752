/**
 * How `disc check` scales with the size of a spec, up to the 1 MiB limit (docs/language.md
 * § Limits): generated specs of seven shapes at 64 KiB … 1 MiB, each checked in-process
 * (runFrontEnd up to the checker, as `disc check` does) after a warm-up; median of 3 runs.
 * Prints one line per shape and size and, per shape, the time per KiB at the largest size over
 * that at the smallest (1.0 = linear). `--cli` also times the command itself,
 * `node bin/disc.js check FILE` (node start and tsx included), at each size.
 *
 * Run with `npx tsx bench/check-scaling.ts [--cli]`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runFrontEnd } from "../compiler/driver.js";
import { LIMITS } from "../grammar/index.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TCVAE = readFileSync(join(ROOT, "examples/beta-tcvae.dis"), "utf8");
const VAE = readFileSync(join(ROOT, "examples/beta-vae.dis"), "utf8");

/** Repeats `unit(i)` until the text reaches `chars` (never past the limit). */
function grow(chars: number, unit: (i: number) => string, head = "", tail = ""): string {
  const parts: string[] = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const u = unit(i);
    if (size + u.length > Math.min(chars, LIMITS.fileChars)) break;
    parts.push(u);
    size += u.length;
  }
  return parts.join("") + tail;
}

let seed = 7;
const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const WORDS = ["model", "m", "{", "}", "(", ")", ",", ":", "=", "~", "+", "*", "1", "z", "kl"];

const SHAPES: Record<string, (chars: number) => string> = {
  "models (beta-tcvae copies)": (n) =>
    grow(n, (i) => `${TCVAE.replace("model beta_tcvae", `model m${i}`)}\n`),
  "one model, many latents and encoders": (n) =>
    grow(
      n,
      (i) => `  latent z${i} ~ normal(2)\n  encoder e${i} = mlp(hidden: [8]): x -> z${i}\n`,
      VAE.replace(/\n}\s*$/, "\n"),
      "}\n",
    ),
  "one model, many misspelled names": (n) =>
    grow(
      n,
      (i) => `  latent z${i} ~ normal(2)\n  encoder e${i} = mlp(hidden: [8]): x -> q${i}\n`,
      VAE.replace(/\n}\s*$/, "\n"),
      "}\n",
    ),
  "models with 1,000-entry metric lists": (n) =>
    grow(n, (i) =>
      VAE.replace("model beta_vae", `model m${i}`).replace(
        /metrics: \[[^\]]*\]/,
        `metrics: [${Array(LIMITS.listEntries).fill("mig").join(", ")}]`,
      ),
    ),
  "models with 101-term losses": (n) =>
    grow(n, (i) =>
      VAE.replace("model beta_vae", `model m${i}`).replace(
        "loss = recon(x) + 4.0 * kl(z)",
        `loss = recon(x)${" + 0.5 * kl(z)".repeat(LIMITS.operators / 2)}`,
      ),
    ),
  comments: (n) => grow(n, (i) => `// comment line ${i} of a spec that is mostly prose\n`, VAE),
  "random tokens (syntax errors)": (n) =>
    grow(n, () => `${WORDS[Math.floor(rand() * WORDS.length)]} `),
};

const SIZES = [64, 128, 256, 512, 1024].map((k) => k * 1024);

function median(f: () => void, runs = 3): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const cli = process.argv.includes("--cli");
const dir = cli ? mkdtempSync(join(tmpdir(), "disc-scaling-")) : "";
for (const [name, make] of Object.entries(SHAPES)) {
  runFrontEnd(make(SIZES[0]!), "warm.dis", { stopAfter: "check" }); // warm-up
  const perKb: number[] = [];
  for (const size of SIZES) {
    const text = make(size);
    let codes = "";
    const ms = median(() => {
      const r = runFrontEnd(text, "bench.dis", { stopAfter: "check" });
      codes = [...new Set(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code))]
        .slice(0, 3)
        .join(",");
    });
    perKb.push(ms / (text.length / 1024));
    let cliMs = "";
    if (cli) {
      const file = join(dir, "spec.dis");
      writeFileSync(file, text);
      const t0 = performance.now();
      spawnSync(process.execPath, [join(ROOT, "bin/disc.js"), "check", file], { stdio: "ignore" });
      cliMs = `  disc check ${(performance.now() - t0).toFixed(0).padStart(5)} ms`;
    }
    console.log(
      `${name.padEnd(38)} ${(text.length / 1024).toFixed(0).padStart(5)} KiB ${ms.toFixed(0).padStart(6)} ms` +
        `  ${(ms / (text.length / 1024)).toFixed(2).padStart(5)} ms/KiB${cliMs}${codes ? `  errors ${codes}` : ""}`,
    );
  }
  console.log(
    `${name.padEnd(38)} per-KiB time at 1 MiB / at 64 KiB: ${(perKb.at(-1)! / perKb[0]!).toFixed(2)}\n`,
  );
}
if (cli) rmSync(dir, { recursive: true, force: true });
