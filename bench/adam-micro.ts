/**
 * Micro-benchmark of the optimizer update alone (npx tsx bench/adam-micro.ts [--threads N]):
 * tf.train.adam's applyGradients vs runtime/backend/fused-adam.ts on the MLP VAE's 14.2 M
 * parameters. Prints wall and process-CPU medians (ms) of 7 updates each; "fused 1 thread" is the
 * fused update with its helper thread off (DISC_HEAP_WORKER=0).
 */
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../runtime/backend/select.js";
import { mlpVae } from "../runtime/backend/probe-models.js";
import { fusedAdamStep } from "../runtime/backend/fused-adam.js";

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const i = process.argv.indexOf("--threads");
  await selectBackend("wasm", {
    quiet: true,
    ...(i > 0 ? { threads: Number(process.argv[i + 1]) } : {}),
  });
  const m = mlpVae();
  const grads = m.params.map((p, k) => tf.randomNormal(p.shape, 0, 1e-3, "float32", k + 1));
  for (const mode of ["unfused", "fused", "fused 1 thread", "unfused+norm"] as const) {
    if (mode === "fused 1 thread") process.env["DISC_HEAP_WORKER"] = "0";
    else delete process.env["DISC_HEAP_WORKER"];
    const opt = tf.train.adam(5e-4, 0.9, 0.999, 1e-8);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < 9; r++) {
      const w0 = performance.now();
      const c0 = cpuNow();
      if (mode.startsWith("fused")) fusedAdamStep(opt, m.params, grads, 0);
      else
        tf.tidy(() => {
          if (mode === "unfused+norm")
            tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))).dataSync();
          opt.applyGradients(m.params.map((p, k) => ({ name: p.name, tensor: grads[k]! })));
        });
      void m.params[0]!.dataSync().length;
      if (r >= 2) {
        cpu.push(cpuNow() - c0);
        wall.push(performance.now() - w0);
      }
    }
    console.log(
      `${mode.padEnd(14)} wall ${median(wall).toFixed(1)} ms  cpu ${median(cpu).toFixed(1)} ms  (${m.numParams} params)`,
    );
    opt.dispose();
  }
}
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
