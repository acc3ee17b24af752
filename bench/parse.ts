/**
 * Micro benchmark of the `.dis` front end: lex + parse + CST→AST of a 100-line spec.
 * Run with `npx tsx bench/parse.ts`. Target: median < 50 ms after warm-up.
 */
import { parse } from "../grammar/index.js";

/** A valid 100-line spec: a model with networks, a long loss, train and evaluate blocks. */
export function hundredLineSpec(): string {
  const lines: string[] = [
    "// generated for bench/parse.ts",
    'use "./my-term.ts"',
    "model bench {",
    "  data dsprites(batch: 64, size: 64)",
    "  latent z ~ normal(10)",
    "  scm A over z (concepts: [a, b, c, d], init: zeros)",
  ];
  lines.push("  encoder conv64(channels: [32, 32, 64, 64], hidden: 256): x -> z");
  lines.push("  decoder deconv64(hidden: 256): z -> x ~ bernoulli");
  lines.push("  loss = recon(x)");
  for (let i = 0; lines.length < 80; i++) {
    lines.push(
      `       + ${(i % 7) + 0.5} * total_correlation(z, estimator: mss, weight: anneal(0 -> ${i + 1}, over: ${i + 1}0k steps)) - 2 ^ -${i % 3} * kl(z)`,
    );
  }
  lines.push(
    "  train {",
    "    optimizer: adam(lr: 5e-4, beta1: 0.9, beta2: 0.999)",
    "    steps: 300k",
    "    seed: 0",
    "    clip: 1.0",
    "    log_every: 100",
    "    checkpoint_every: 1000",
    "  }",
  );
  lines.push(
    "  evaluate every 10k {",
    "    metrics: [mig, beta_vae_score, factor_vae_score, dci, sap, modularity]",
    "    traversals: (range: 2.0, steps: 8)",
    "  }",
  );
  while (lines.length < 99) lines.push("  // padding comment line");
  lines.push("}");
  return lines.join("\n") + "\n";
}

function main(): void {
  const text = hundredLineSpec();
  const first = parse(text, "bench.dis");
  if (first.diagnostics.length)
    throw new Error(
      `bench spec has diagnostics: ${first.diagnostics.map((d) => d.message).join("; ")}`,
    );
  for (let i = 0; i < 50; i++) parse(text, "bench.dis");
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    parse(text, "bench.dis");
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1]!;
  const lines = text.split("\n").length - 1;
  console.log(
    `parse ${lines}-line spec: median ${median.toFixed(3)} ms, p90 ${times[Math.floor(times.length * 0.9)]!.toFixed(3)} ms (200 runs after 50 warm-up; target < 50 ms)`,
  );
}

if (process.argv[2] === "--dump") process.stdout.write(hundredLineSpec());
else main();
