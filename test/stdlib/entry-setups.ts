/**
 * Issue #21, "entries defined once": the per-entry setup of every registry entry that has a
 * runtime half (penalties, networks, likelihoods, distributions, optimizers, schedules), and
 * `exercise`, which calls every runtime function of one entry with one resolved call. Read by
 * leaks.test.ts (no tensor outlives a call) and params-read.test.ts (every declared parameter is
 * read). An entry of these kinds without a row in SETUPS fails both: add its row here.
 */
import * as tf from "@tensorflow/tfjs";
import { bernoulli } from "../../stdlib/index.js";
import type {
  AnyEntry,
  ArgValue,
  EntryKind,
  ModelInfo,
  NetworkIO,
  TermContext,
} from "../../stdlib/types.js";
import { ctxWith, randn } from "./helpers.js";

type Args = Record<string, ArgValue>;

/** The entry kinds with a runtime half; the first five produce tensors. */
export const RUNTIME_KINDS = [
  "penalty",
  "network",
  "likelihood",
  "distribution",
  "optimizer",
  "schedule",
] as const satisfies readonly EntryKind[];
export type RuntimeKind = (typeof RUNTIME_KINDS)[number];

/** What one entry needs beyond its defaults: the refs and required args, tiny sizes, a network's io. */
export interface Setup {
  readonly args?: Args;
  readonly io?: NetworkIO;
}

/** Every runtime entry by kind and name; a new entry needs a row (even `{}`). */
export const SETUPS: Readonly<Record<RuntimeKind, Readonly<Record<string, Setup>>>> = {
  penalty: {
    recon: { args: { target: "x" } },
    kl: { args: { latent: "z" } },
    capacity: { args: { latent: "z", max: 25, over: 100 } },
    total_correlation: { args: { latent: "z" } },
    mutual_info: { args: { latent: "z" } },
    dimwise_kl: { args: { latent: "z" } },
    dip: { args: { latent: "z" } },
    info: { args: { code: "c" } },
    gan: {},
    dag: { args: { scm: "A" } },
    l1: { args: { scm: "A" } },
    label_align: { args: { latent: "z", labels: "y" } },
    denoise: { args: { target: "x" } },
  },
  network: {
    mlp: { args: { hidden: [3] }, io: { input: [4], output: [6] } },
    conv64: {
      args: { channels: [2, 2, 2, 2], hidden: 4 },
      io: { input: [32, 32, 1], output: [4] },
    },
    deconv64: { args: { channels: [2, 2, 2], hidden: 4 }, io: { input: [4], output: [32, 32, 1] } },
    conv28: { io: { input: [28, 28, 1], output: [4] } },
    deconv28: { io: { input: [4], output: [28, 28, 1] } },
    unet: {
      args: { channels: 8, multipliers: [1, 2], groups: 4, time_dim: 8 },
      io: { input: [32, 32, 1], output: [32, 32, 1], conditionSize: 2 },
    },
  },
  likelihood: { bernoulli: {}, gaussian: {}, laplace: {} },
  distribution: {
    normal: { args: { shape: [2, 2] } },
    categorical: { args: { k: 3 } },
    uniform: { args: { low: -1, high: 1 } },
  },
  optimizer: {
    adam: { args: { lr: 0.01 } },
    adamw: { args: { lr: 0.01 } },
    rmsprop: { args: { lr: 0.01 } },
    sgd: { args: { lr: 0.01, momentum: 0.9 } },
  },
  schedule: {
    anneal: { args: { range: { from: 0, to: 1 }, over: 10 } },
    warmup: { args: { value: 1, over: 10 } },
    constant: { args: { value: 2 } },
  },
};

/**
 * The resolved calls to run: defaults, then the setup's args, then every combination of the
 * enum and bool parameters' values; a parameter whose `appliesWhen` does not hold is left out,
 * as the checker leaves it out of the resolved call.
 */
export function variants(entry: AnyEntry, setup: Setup): Args[] {
  const params = entry.signature.params;
  let combos: Args[] = [{}];
  for (const p of params) {
    const values: readonly ArgValue[] =
      p.type.kind === "enum" ? p.type.values : p.type.kind === "bool" ? [true, false] : [];
    if (values.length > 0)
      combos = combos.flatMap((c) => values.map((v) => ({ ...c, [p.name]: v })));
  }
  const out = new Map<string, Args>();
  for (const c of combos) {
    const args: Args = {};
    for (const p of params) {
      const v = c[p.name] ?? setup.args?.[p.name] ?? p.default;
      if (v !== undefined) args[p.name] = v;
    }
    for (const p of params) {
      const w = p.appliesWhen;
      if (w !== undefined && !w.values.includes(String(args[w.param]))) delete args[p.name];
    }
    out.set(JSON.stringify(args), args);
  }
  return [...out.values()];
}

const B = 8;
export const MODEL_INFO: ModelInfo = {
  batchSize: B,
  datasetSize: 1000,
  variableSizes: { z: 4, c: 4 },
  seed: 1,
};

/** One TermContext holding every tensor a built-in penalty reads (B = 8, z [8, 4], A [3, 3], …). */
export function termContext(): { ctx: TermContext; dispose: () => void } {
  const img = (seed: number) => tf.randomUniform([B, 4, 4, 1], 0, 1, "float32", seed);
  const [mu, logvar, y, a] = [
    randn([B, 4], 1),
    randn([B, 4], 2, 0.3),
    randn([B, 2], 3),
    randn([3, 3], 4),
  ];
  const c = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], "int32"), 4).toFloat() as tf.Tensor2D;
  const extra: Record<string, tf.Tensor> = {
    A: a,
    d_fake_logits: randn([B, 1], 5),
    d_real_logits: randn([B, 1], 6),
    denoise_eps: img(7),
    denoise_eps_pred: img(8),
    denoise_x0: img(9),
    denoise_pred: img(10),
    denoise_weight: tf.randomUniform([B], 0.5, 2, "float32", 11),
    "z.masked": randn([B, 4], 12),
    "z.label_recon": randn([B, 2], 13),
    "z.label_scm": randn([B, 2], 14),
  };
  const [x, logits, q] = [img(15) as tf.Tensor4D, img(16), randn([B, 4], 17)];
  const ctx = ctxWith({
    x,
    y,
    step: 5,
    batchSize: B,
    latents: { z: { mu, logvar, sample: mu }, c: { sample: c } },
    outputs: { x: logits, c: q },
    likelihoods: { x: { def: bernoulli, args: {} } },
    extra,
    priors: { c: { distribution: "categorical", args: { k: 4 } } },
  });
  return {
    ctx,
    dispose: () => tf.dispose([mu, logvar, y, c, x, logits, q, ...Object.values(extra)]),
  };
}

/**
 * Calls every runtime function of `entry` with `args` (possibly a recording Proxy; `plain` is
 * the same call, for the harness's own decisions): a penalty's negativeEstimate, createState
 * (when `updates` has "own"; disposed after), compute (must be a scalar) and diagnostics;
 * a network's build and one forward pass; a likelihood's paramsPerChannel, nll and mean; a
 * distribution's size, sample and entropy; an optimizer's create and one step; a schedule's
 * value. Disposes what it made; returns the tensors the caller owns.
 */
export function exercise(
  entry: AnyEntry,
  args: Args,
  plain: Args,
  ctx: TermContext,
  setup: Setup,
): tf.TensorContainer {
  switch (entry.kind) {
    case "penalty": {
      const own = (
        typeof entry.updates === "function" ? entry.updates(plain) : entry.updates
      ).includes("own");
      const state = own ? entry.createState!(args, MODEL_INFO) : undefined;
      try {
        entry.negativeEstimate?.(args, ctx.batchSize, ctx.datasetSize);
        const value = entry.compute(ctx, args, state);
        if (value.rank !== 0)
          throw new Error(`${entry.name}: compute returned shape [${value.shape}]`);
        return [value, entry.diagnostics?.(ctx, args, state) ?? {}];
      } finally {
        state?.dispose();
      }
    }
    case "network": {
      const model = entry.build(args, setup.io!, 1);
      const inputs = model.inputs.map((i) => tf.zeros([2, ...(i.shape.slice(1) as number[])]));
      const out = model.predict(inputs.length === 1 ? inputs[0]! : inputs);
      model.dispose();
      tf.dispose(inputs);
      return out;
    }
    case "likelihood": {
      const x = tf.randomUniform([2, 4, 4, 1], 0, 1, "float32", 1) as tf.Tensor4D;
      const k = entry.paramsPerChannel(args);
      const params = tf.randomNormal([2, 4, 4, k], 0, 1, "float32", 2) as tf.Tensor4D;
      return [x, params, entry.nll(x, params, args), entry.mean(params, args)];
    }
    case "distribution":
      entry.size(args);
      entry.entropy?.(args);
      return entry.sample(3, args, 1);
    case "optimizer": {
      const v = tf.tidy(() => tf.variable(tf.ones([2])));
      const opt = entry.create(args);
      opt.minimize(() => tf.sum(tf.square(v)) as tf.Scalar, false, [v]);
      opt.dispose();
      v.dispose();
      return [];
    }
    case "schedule":
      entry.value(3, args);
      return [];
    default:
      throw new Error(`${entry.kind} '${entry.name}' has no runtime half to exercise`);
  }
}
