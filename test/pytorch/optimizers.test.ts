/**
 * The PyTorch target's optimizers update exactly as the TypeScript entries' optimizers do: for
 * every optimizer entry with a `pytorch` implementation (disc_torch.train.OPTIMIZERS), in its
 * defaults and with momentum / weight decay / a large epsilon, six steps on a [3, 4] float32
 * parameter from the same gradients give the same parameter in tfjs and in torch: the largest
 * difference is under 1e-4 of the distance the parameter moved (measured: adam and adamw about
 * 1e-5, float32 rounding of the bias corrections; rmsprop and sgd 1e-6 or less). Every stdlib
 * optimizer has one. Needs Debian's python3-torch (installed by scripts/test-deps.sh).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { registry } from "../../stdlib/registry.js";
import type { ArgValue, OptimizerDef } from "../../stdlib/types.js";
import { PYTHON, torchStatus } from "./torch-env.js";

const RUNTIME = fileURLToPath(new URL("../../compiler/emit/pytorch/runtime", import.meta.url));
const STEPS = 6;
const theta0 = Array.from({ length: 12 }, (_, i) => Math.cos(0.9 * i) * 0.5);
const grad = (t: number) => theta0.map((_, i) => Math.sin(1.3 * i + 0.7 * t) * (1 + 0.1 * t));

interface Case {
  readonly label: string;
  readonly entry: string;
  readonly args: Record<string, ArgValue>;
}

const optimizers = registry.list("optimizer") as OptimizerDef[];

function cases(): Case[] {
  const out: Case[] = [];
  for (const o of optimizers) {
    const defaults = Object.fromEntries(
      o.signature.params.filter((p) => p.default !== undefined).map((p) => [p.name, p.default!]),
    );
    const base = { ...defaults, lr: 0.01 };
    out.push({ label: `${o.name} (defaults)`, entry: o.name, args: base });
    // a large epsilon tells where it enters (inside the square root in tf.train.rmsprop)
    const extras: Record<string, number>[] = [
      { momentum: 0.9 },
      { weight_decay: 0.1 },
      { epsilon: 0.1 },
    ];
    for (const extra of extras) {
      const [k] = Object.keys(extra);
      if (o.signature.params.some((p) => p.name === k))
        out.push({
          label: `${o.name} (${k} ${Object.values(extra)[0]})`,
          entry: o.name,
          args: { ...base, ...extra },
        });
    }
  }
  return out;
}

/** The parameter after STEPS tfjs steps of `c`'s optimizer. */
function tfjsSteps(c: Case): number[] {
  const def = registry.lookup("optimizer", c.entry) as OptimizerDef;
  const v = tf.variable(tf.tensor2d(theta0, [3, 4]));
  const opt = def.create(c.args);
  for (let t = 0; t < STEPS; t++) {
    const g = tf.tensor2d(grad(t), [3, 4]);
    opt.applyGradients({ [v.name]: g });
    g.dispose();
  }
  const out = Array.from(v.dataSync());
  opt.dispose();
  v.dispose();
  return out;
}

const PY = `
import json, math, sys
import torch
sys.path.insert(0, sys.argv[1])
from disc_torch.train import make_optimizer
req = json.load(sys.stdin)
out = []
for c in req["cases"]:
    p = torch.nn.Parameter(torch.tensor(req["theta"], dtype=torch.float32).reshape(3, 4))
    opt = make_optimizer({"entry": c["entry"], "args": c["args"]}, [p])
    for g in req["grads"]:
        p.grad = torch.tensor(g, dtype=torch.float32).reshape(3, 4)
        opt.step()
    out.append(p.detach().reshape(-1).tolist())
print(json.dumps(out))
`;

const torch = torchStatus();

describe("pytorch target: optimizers", () => {
  it("every stdlib optimizer has a PyTorch implementation", () => {
    expect(optimizers.filter((o) => o.pytorch === undefined).map((o) => o.name)).toEqual([]);
  });

  it.skipIf(!torch.ok)("each updates a parameter exactly as tfjs does", () => {
    const all = cases();
    const r = spawnSync(PYTHON, ["-c", PY, RUNTIME], {
      input: JSON.stringify({
        theta: theta0,
        grads: Array.from({ length: STEPS }, (_, t) => grad(t)),
        cases: all.map((c) => ({
          entry: (registry.lookup("optimizer", c.entry) as OptimizerDef).pytorch,
          args: c.args,
        })),
      }),
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const py = JSON.parse(r.stdout) as number[][];
    const report: string[] = [];
    all.forEach((c, k) => {
      const ts = tfjsSteps(c);
      const moved = Math.max(...ts.map((x, i) => Math.abs(x - theta0[i]!)));
      const err = Math.max(...ts.map((x, i) => Math.abs(x - py[k]![i]!))) / moved;
      report.push(
        `${c.label}: moved ${moved.toExponential(2)}, max |tfjs − torch| / moved ${err.toExponential(2)}`,
      );
      expect(moved, c.label).toBeGreaterThan(1e-3);
      expect(err, c.label).toBeLessThan(1e-4);
    });
    console.log(report.join("\n"));
  });
});
