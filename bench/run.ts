/**
 * `npm run bench`: trains the same models with disc (tfjs wasm) and PyTorch side by side and
 * prints step-time medians, the ratio disc / PyTorch, and the theoretical floor
 * (step FLOPs / the best measured matmul rate). Table on stderr+stdout, JSON in bench/results.json.
 *
 * disc side: runtime/train/step.ts `trainStep` (the generated trainers' step: variableGrads,
 * global-norm, optimizer) over the probe models of runtime/backend/probe-models.ts, which use
 * the same tf ops as the stdlib networks, and the InfoGAN probe of runtime/backend/probe-gan.ts
 * (one D update then one G + Q update, each a trainStep). PyTorch side: bench/torch_ref.py
 * (identical architectures, Glorot init, losses, Adam), run with /usr/bin/python3 when it
 * imports torch.
 *
 * Row `check-startup`: the median wall time of `node bin/disc.js check examples/beta-vae.dis`,
 * each run a fresh process (bench/check.ts `checkStartup`; --startup-runs N, default 9).
 *
 * Flags: --reps N (15), --warm N (3), --threads N (wasm threads; default: selectBackend's),
 * --only conv,quickstart,mlp,tcvae,gan,check-startup, --no-torch, --unfused (tf.train.adam's own update, for comparison),
 * --profile (per-kernel times of one step of each model), --out FILE (bench/results.json),
 * --rounds R (1): R alternating rounds of disc then PyTorch; the table gives the median over
 * rounds of each side's median and of the per-round ratio, so a machine whose speed drifts over
 * minutes (this VM's matmul rate moves ±30 %) weighs on both sides alike.
 */
import * as tf from "@tensorflow/tfjs";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as os from "node:os";
import { fileURLToPath } from "node:url";
import { selectBackend } from "../runtime/backend/select.js";
import { convBetaVae, mlpVae, type ProbeModel } from "../runtime/backend/probe-models.js";
import { ganInputs, ganOptimizers, ganStep, infoGanProbe } from "../runtime/backend/probe-gan.js";
import { createRng } from "../runtime/data/rng.js";
import { trainStep } from "../runtime/train/step.js";
import { checkStartup, type StartupResult } from "./check.js";
import { convBetaVaeFlops, infoGanStepFlops, mlpVaeFlops } from "./flops.js";
import { quickstartStepper } from "./quickstart.js";

const args = process.argv.slice(2);
const flag = (n: string) => args.includes(n);
const opt = (n: string): string | undefined => {
  const i = args.indexOf(n);
  return i >= 0 ? args[i + 1] : undefined;
};
const num = (n: string, d: number) => {
  const v = Number(opt(n) ?? d);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${n} needs a non-negative number`);
  return v;
};
const REPS = num("--reps", 15);
const WARM = num("--warm", 3);
const ROUNDS = num("--rounds", 1);
const ONLY = (opt("--only") ?? "conv,quickstart,mlp,tcvae,gan,check-startup").split(",");
const STARTUP = "check-startup";
const OUT = opt("--out") ?? fileURLToPath(new URL("./results.json", import.meta.url));
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;
/** The median of a few rounds (the mean of the middle two when their number is even). */
const midOf = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[h]! : ((s[h - 1] ?? NaN) + (s[h] ?? NaN)) / 2;
};
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** A model ready to train: `step(i)` runs one timed training step and returns its loss (nats). */
interface Stepper {
  step(i: number): number;
  dispose(): void;
}
interface Model {
  key: string;
  name: string;
  setup: () => Stepper | Promise<Stepper>;
  flops: number;
}
const MODELS: Model[] = [
  {
    key: "conv",
    name: "conv β-VAE (Burgess), 64×64×1",
    setup: () => vaeStepper(convBetaVae({ beta: 4 })),
    flops: convBetaVaeFlops(),
  },
  {
    key: "quickstart",
    name: "examples/quickstart.dis trainer (β-TCVAE MSS, conv)",
    setup: async () => {
      const q = await quickstartStepper();
      return { step: () => q.step(), dispose: () => q.dispose() };
    },
    flops: convBetaVaeFlops(),
  },
  {
    key: "mlp",
    name: "MLP VAE 4096-1200-1200-10",
    setup: () => vaeStepper(mlpVae({ beta: 1 })),
    flops: mlpVaeFlops(),
  },
  {
    key: "tcvae",
    name: "MLP β-TCVAE (MSS)",
    setup: () => vaeStepper(mlpVae({ beta: 6, tcMss: 737280 })),
    flops: mlpVaeFlops(),
  },
  {
    key: "gan",
    name: "InfoGAN MNIST D+G step (batch 64)",
    setup: ganStepper,
    flops: infoGanStepFlops(),
  },
];
const stepOpts = () => (flag("--unfused") ? { fusedAdam: false } : {});

/** A VAE probe trained by trainStep with Adam(5e-4, 0.9, 0.999, 1e-8) on a fixed binary batch. */
function vaeStepper(model: ProbeModel): Stepper {
  const optimizer = tf.train.adam(5e-4, 0.9, 0.999, 1e-8);
  const x = binary([64, 64, 64, 1]);
  const eps = tf.randomNormal([64, 10], 0, 1, "float32", 8);
  const rng = createRng(1);
  const loss = () => ({ terms: {}, total: model.loss(x, eps) });
  return {
    step: (i) =>
      trainStep(loss, optimizer, model.params, { x }, i, rng, 0, stepOpts()).values["total"] ?? NaN,
    dispose: () => {
      optimizer.dispose();
      model.dispose();
      tf.dispose([x, eps]);
    },
  };
}

/** The InfoGAN probe: one D update then one G + Q update (loss: D loss + G loss), fixed inputs. */
function ganStepper(): Stepper {
  const probe = infoGanProbe();
  const opts = ganOptimizers();
  const inp = ganInputs(64);
  const rng = createRng(1);
  return {
    step: (i) => {
      const r = ganStep(probe, opts, inp, i, rng, stepOpts());
      return r.dLoss + r.gLoss;
    },
    dispose: () => {
      opts.dOpt.dispose();
      opts.gOpt.dispose();
      probe.dispose();
      tf.dispose([inp.real, inp.z, inp.cat, inp.cont]);
    },
  };
}

function binary(shape: [number, number, number, number]): tf.Tensor4D {
  return tf.tidy(() => tf.randomUniform(shape, 0, 1, "float32", 7).greater(0.5).cast("float32"));
}

interface DiscRow {
  model: string;
  name: string;
  wallMs: number;
  cpuMs: number;
  runs: number;
  loss: number;
}

/** Times REPS steps of `m` through trainStep; returns medians. */
async function timeDisc(m: Model, profile: boolean): Promise<DiscRow> {
  const stepper = await m.setup();
  let last = NaN;
  const step = (i: number) => {
    last = stepper.step(i);
  };
  for (let i = 0; i < WARM; i++) step(i);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const w0 = performance.now();
    const c0 = cpuNow();
    step(WARM + i);
    cpu.push(cpuNow() - c0);
    wall.push(performance.now() - w0);
  }
  const finishRow = (): DiscRow => {
    stepper.dispose();
    return {
      model: m.key,
      name: m.name,
      wallMs: median(wall),
      cpuMs: median(cpu),
      runs: REPS,
      loss: last,
    };
  };
  if (!profile) return finishRow();
  return tf
    .profile(() => step(WARM + REPS))
    .then(async (info) => {
      const by = new Map<string, number>();
      for (const k of info.kernels) {
        const t = await k.kernelTimeMs;
        const ms = typeof t === "number" ? t : 0;
        by.set(k.name, (by.get(k.name) ?? 0) + ms);
      }
      const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 14);
      const total = [...by.values()].reduce((s, v) => s + v, 0);
      console.error(`  profile ${m.key} (kernel ms, one step, total ${total.toFixed(0)}):`);
      for (const [k, v] of top) console.error(`    ${k.padEnd(24)} ${v.toFixed(1).padStart(8)}`);
      return finishRow();
    });
}

/** GFLOP/s of a 1024³ float32 matmul on the active backend (median of 10). */
function wasmMatmulGflops(): number {
  const a = tf.randomNormal([1024, 1024]);
  const b = tf.randomNormal([1024, 1024]);
  const ts: number[] = [];
  for (let i = 0; i < 13; i++) {
    const t0 = performance.now();
    const y = tf.matMul(a, b);
    y.dataSync();
    y.dispose();
    if (i >= 3) ts.push(performance.now() - t0);
  }
  tf.dispose([a, b]);
  return (2 * 1024 ** 3) / (median(ts) / 1000) / 1e9;
}

interface TorchResult {
  torch: string;
  threads: number;
  matmulGflops: number;
  rows: DiscRow[];
}

/** Runs bench/torch_ref.py with Debian's torch; returns undefined (with the reason) when it cannot. */
function runTorch(only: string[]): { result?: TorchResult; skipped?: string } {
  if (flag("--no-torch")) return { skipped: "--no-torch" };
  const py = "/usr/bin/python3";
  const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "2" };
  const probe = spawnSync(py, ["-c", "import torch"], { env, encoding: "utf8" });
  if (probe.status !== 0) {
    return {
      skipped: `${py} cannot import torch (apt-get install python3-torch libopenblas0-pthread; see bench/README.md)`,
    };
  }
  const script = fileURLToPath(new URL("./torch_ref.py", import.meta.url));
  const r = spawnSync(
    py,
    [
      script,
      "--reps",
      String(REPS),
      "--warm",
      String(WARM),
      "--threads",
      "2",
      "--only",
      only.join(","),
    ],
    { env, encoding: "utf8", maxBuffer: 1 << 24 },
  );
  if (r.status !== 0)
    return { skipped: `torch_ref.py failed: ${(r.stderr ?? "").trim().split("\n").pop()}` };
  const line = r.stdout.trim().split("\n").pop() ?? "";
  return { result: JSON.parse(line) as TorchResult };
}

async function main(): Promise<void> {
  const unknown = ONLY.filter((k) => k !== STARTUP && !MODELS.some((m) => m.key === k));
  if (unknown.length)
    throw new Error(
      `--only: unknown row ${unknown.join(", ")} (known: ${[...MODELS.map((m) => m.key), STARTUP].join(",")})`,
    );
  // first, while this process has loaded nothing heavy and trains nothing beside it
  const startup = ONLY.includes(STARTUP) ? checkStartup(num("--startup-runs", 9)) : undefined;
  if (!ONLY.some((k) => k !== STARTUP)) {
    writeFileSync(
      OUT,
      JSON.stringify(
        {
          bench: "disc-check-startup",
          date: new Date().toISOString(),
          node: process.versions.node,
          loadAvg1m: os.loadavg()[0],
          checkStartup: startup,
        },
        null,
        2,
      ) + "\n",
    );
    console.log(startupLine(startup!));
    return;
  }
  if (startup) console.error(startupLine(startup));
  const load0 = os.loadavg()[0] ?? NaN;
  const threadsOpt = opt("--threads");
  const sel = await selectBackend("wasm", {
    quiet: true,
    ...(threadsOpt !== undefined ? { threads: Number(threadsOpt) } : {}),
  });
  console.error(`disc backend: wasm — ${sel.detail}`);
  console.error(`load average (1 min) at start: ${load0.toFixed(2)}; ${os.cpus().length} cores`);
  const wasmGflops = wasmMatmulGflops();
  const models = MODELS.filter((m) => ONLY.includes(m.key));
  const rounds: { disc: DiscRow[]; torch: ReturnType<typeof runTorch> }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const disc: DiscRow[] = [];
    for (const m of models) {
      const row = await timeDisc(m, round === 0 && flag("--profile"));
      disc.push(row);
      console.error(
        `  disc ${m.key}: ${row.wallMs.toFixed(1)} ms wall, ${row.cpuMs.toFixed(1)} ms cpu` +
          (ROUNDS > 1 ? ` (round ${round + 1}/${ROUNDS})` : ""),
      );
    }
    const torch = runTorch(models.map((m) => m.key));
    if (torch.skipped && round === 0) console.error(`PyTorch skipped: ${torch.skipped}`);
    rounds.push({ disc, torch });
  }
  const torch = rounds[0]!.torch;
  const torchGflops = midOf(rounds.map((r) => r.torch.result?.matmulGflops ?? 0));
  const rate = Math.max(wasmGflops, torchGflops);
  const rows = models.map((m) => {
    const ds = rounds.map((r) => r.disc.find((x) => x.model === m.key)!);
    const ps = rounds.map((r) => r.torch.result?.rows.find((x) => x.model === m.key));
    const have = ps.every((p) => p !== undefined);
    const med = midOf;
    const d = { wallMs: med(ds.map((x) => x.wallMs)), cpuMs: med(ds.map((x) => x.cpuMs)) };
    const p = have
      ? { wallMs: med(ps.map((x) => x!.wallMs)), cpuMs: med(ps.map((x) => x!.cpuMs)) }
      : null;
    return {
      model: m.key,
      name: m.name,
      discWallMs: d.wallMs,
      discCpuMs: d.cpuMs,
      torchWallMs: p?.wallMs ?? null,
      torchCpuMs: p?.cpuMs ?? null,
      ratioWall: have ? med(ds.map((x, i) => x.wallMs / ps[i]!.wallMs)) : null,
      ratioCpu: have ? med(ds.map((x, i) => x.cpuMs / ps[i]!.cpuMs)) : null,
      gflop: m.flops / 1e9,
      floorMs: (m.flops / (rate * 1e9)) * 1000,
      discLoss: ds[0]!.loss,
      torchLoss: ps[0]?.loss ?? null,
      ...(ROUNDS > 1
        ? {
            perRound: ds.map((x, i) => ({
              discWallMs: x.wallMs,
              torchWallMs: ps[i]?.wallMs ?? null,
            })),
          }
        : {}),
    };
  });
  const f = (v: number | null, d = 1) => (v === null ? "–" : v.toFixed(d));
  const table = [
    `| model | disc ms (wall / cpu) | PyTorch ms (wall / cpu) | ratio disc/PyTorch (wall / cpu) | floor ms | GFLOP |`,
    `|---|---|---|---|---|---|`,
    ...rows.map(
      (r) =>
        `| ${r.name} | ${f(r.discWallMs)} / ${f(r.discCpuMs)} | ${f(r.torchWallMs)} / ${f(r.torchCpuMs)} | ${f(r.ratioWall, 2)} / ${f(r.ratioCpu, 2)} | ${f(r.floorMs)} | ${f(r.gflop, 2)} |`,
    ),
    ...(startup
      ? [
          `| \`disc check\` start-up, median of ${startup.runs} (range ${f(startup.minMs, 0)}–${f(startup.maxMs, 0)}) | ${f(startup.medianMs, 0)} / – | – | – | – | – |`,
        ]
      : []),
  ].join("\n");
  const load1 = os.loadavg()[0] ?? NaN;
  // the generated quickstart trainer against the bench's own conv step (same networks and batch)
  const qs = rows.find((r) => r.model === "quickstart");
  const conv = rows.find((r) => r.model === "conv");
  const trainerOverConv =
    qs && conv
      ? { wall: qs.discWallMs / conv.discWallMs, cpu: qs.discCpuMs / conv.discCpuMs }
      : null;
  const result = {
    bench: "disc-vs-pytorch",
    date: new Date().toISOString(),
    node: process.versions.node,
    disc: {
      backend: sel.detail,
      path: "runtime/train/step.ts trainStep over runtime/backend/probe-models.ts and probe-gan.ts",
      fusedAdam: !flag("--unfused"),
    },
    torch: torch.result
      ? { version: torch.result.torch, threads: torch.result.threads }
      : { skipped: torch.skipped },
    matmulGflops: { wasm: wasmGflops, torch: torch.result ? torchGflops : null, floorUses: rate },
    batch: 64,
    reps: REPS,
    rounds: ROUNDS,
    loadAvg1m: { start: load0, end: load1 },
    trainerOverConv,
    rows,
    ...(startup ? { checkStartup: startup } : {}),
  };
  writeFileSync(OUT, JSON.stringify(result, null, 2) + "\n");
  console.log(table);
  if (trainerOverConv)
    console.log(
      `quickstart trainer / conv step (disc): ${trainerOverConv.wall.toFixed(3)} wall, ${trainerOverConv.cpu.toFixed(3)} cpu`,
    );
  if (startup) console.log(startupLine(startup));
  console.log(
    `matmul 1024³: wasm ${wasmGflops.toFixed(1)} GFLOP/s, PyTorch ${f(torch.result ? torchGflops : null)} GFLOP/s; load ${load0.toFixed(1)} → ${load1.toFixed(1)}; JSON: ${OUT}`,
  );
  console.log(JSON.stringify(result));
}

/** The check-startup row: median and range of the start-up wall time. */
function startupLine(s: StartupResult): string {
  return `disc check start-up (${s.command}, ${s.from === "dist" ? "compiled dist/" : "TypeScript sources, no dist/"}): median ${s.medianMs.toFixed(0)} ms, range ${s.minMs.toFixed(0)}–${s.maxMs.toFixed(0)} ms over ${s.runs} runs`;
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${(e as Error).stack ?? String(e)}`);
  process.exit(1);
});
