/**
 * The configurations the resume tests train, generated rather than listed: one tiny spec per
 * stdlib penalty entry and per non-default value of each of its enum arguments (from the
 * registry, so a new entry or variant is covered without touching the tests), plus every
 * examples/*.dis shrunk to tiny networks and a few steps. Every spec trains STEPS steps on
 * 32×32 dSprites (pendulum for the causal backbone) with a checkpoint every 2 steps.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { backbonesProviding } from "../../stdlib/backbones/index.js";
import { registry } from "../../stdlib/registry.js";
import type { Backbone, ParamSpec, PenaltyDef } from "../../stdlib/types.js";

/** Steps of every resume-test run. */
export const STEPS = 6;

/** One spec the resume tests train. */
export interface ResumeConfig {
  /** "penalty total_correlation(estimator: discriminator)" or "example factor-vae". */
  readonly name: string;
  readonly text: string;
  /** The spec's file name (its folder matters for `use` paths). */
  readonly file: string;
}

const TRAIN = `  train {
    optimizer: adam(lr: 1e-3)
    steps: ${STEPS}
    seed: 0
    log_every: 1
    checkpoint_every: 2
  }`;

/** Each backbone's tiny model; LOSS is replaced by the objective. */
const MODELS: Record<Backbone, { body: string; terms: string[]; train?: string }> = {
  vae: {
    body: `  data dsprites(batch: 8, size: 32)
  latent z ~ normal(2)
  encoder mlp(hidden: [8]): x -> z
  decoder mlp(hidden: [8]): z -> x ~ bernoulli`,
    terms: ["recon(x)", "kl(z)"],
  },
  gan: {
    body: `  data dsprites(batch: 8, size: 32)
  noise n ~ uniform(-1, 1, size: 2)
  code c ~ categorical(3)
  code s ~ uniform(-1, 1, size: 1)
  generator mlp(hidden: [8]): (n, c, s) -> x
  discriminator mlp(hidden: [8]): x -> real
  head q = mlp(hidden: [8]): discriminator -> (c, s)`,
    terms: ["gan(non_saturating)", "-1.0 * info(c)", "-1.0 * info(s)"],
    train: `  train {
    optimizer generator: adam(lr: 1e-3, beta1: 0.5)
    optimizer discriminator: adam(lr: 2e-4, beta1: 0.5)
    steps: ${STEPS}
    seed: 0
    log_every: 1
    checkpoint_every: 2
  }`,
  },
  causal_vae: {
    body: `  data pendulum(batch: 8)
  latent z ~ normal(4 x 1)
  scm A over z (concepts: [pendulum_angle, light_angle, shadow_length, shadow_position],
                init: zeros, learn_from: labels)
  encoder mlp(hidden: [8]): x -> z
  decoder mlp(hidden: [8]): z -> x ~ bernoulli`,
    terms: ["recon(x)", "kl(z)", "label_align(z, y)", "0.01 * l1(A)", "dag(A)"],
  },
  diffusion: {
    body: `  data dsprites(batch: 4, size: 32)
  latent z ~ normal(2)
  encoder mlp(hidden: [8]): x -> z
  denoiser unet(channels: 8, multipliers: [1], groups: 4, time_dim: 8): (x, z) -> x`,
    terms: ["denoise(x, timesteps: 50)", "1e-6 * kl(z)"],
  },
};

/** The name each ref kind is bound to in the templates above. */
function refValue(p: ParamSpec): string {
  const of = p.type.kind === "ref" ? p.type.of : [];
  if (of.includes("latent")) return "z";
  if (of.includes("code")) return "c";
  if (of.includes("scm")) return "A";
  if (of.includes("observed")) return /label/.test(p.name) ? "y" : "x";
  return "x";
}

/**
 * A value for a required (or step-unit) parameter: steps-unit numbers become 2 so that anything
 * scheduled (dual ascent, annealing) happens inside a 6-step run.
 */
function valueFor(p: ParamSpec): string | undefined {
  if (p.type.kind === "number" && p.type.unit === "steps") return "2";
  if (p.default !== undefined) return undefined;
  if (p.type.kind === "number") return String(Math.max(p.type.min ?? 1, 1));
  if (p.type.kind === "enum") return p.type.values[0];
  throw new Error(`resume specs: no value for required parameter ${p.name}`);
}

/**
 * `entry(positional…, name: value…)`: `given` are the template call's arguments (positional
 * first, then `name: value`), `extra` the variant's named arguments (they win).
 */
function callOf(def: PenaltyDef, extra: Record<string, string>, given: string[] = []): string {
  const args: string[] = [];
  const named = Object.fromEntries(
    given.filter((a) => a.includes(":")).map((a) => a.split(":").map((x) => x.trim())),
  ) as Record<string, string>;
  const chosen = { ...named, ...extra };
  def.signature.params.forEach((p, i) => {
    if (p.positional && p.type.kind === "ref") args.push(given[i] ?? refValue(p));
    else if (chosen[p.name] !== undefined) args.push(`${p.name}: ${chosen[p.name]}`);
    else {
      const v = valueFor(p);
      if (v !== undefined) args.push(`${p.name}: ${v}`);
    }
  });
  return `${def.name}(${args.join(", ")})`;
}

/** The objective of `backbone`'s model with every term of `def`'s entry called with `extra`. */
function objective(backbone: Backbone, def: PenaltyDef, extra: Record<string, string>): string {
  const base = MODELS[backbone].terms;
  let replaced = false;
  const terms = base.map((t) => {
    const m = /^(.*?)([a-z_]+)\(([^)]*)\)$/.exec(t);
    if (!m || m[2] !== def.name) return t;
    replaced = true;
    const positional = m[3]!.split(",").map((a) => a.trim());
    return `${m[1]}${callOf(def, extra, positional)}`;
  });
  if (!replaced) terms.push(callOf(def, extra));
  return terms.join(" + ").replace(/\+ -/g, "- ");
}

/** Every stdlib penalty entry, once with its defaults and once per other value of each enum argument. */
export function penaltyConfigs(): ResumeConfig[] {
  const out: ResumeConfig[] = [];
  for (const entry of registry.list("penalty")) {
    const def = entry as PenaltyDef;
    const backbone = backbonesProviding(def.signature.needs)[0] ?? "vae";
    const variants: Record<string, string>[] = [{}];
    for (const p of def.signature.params) {
      if (p.type.kind !== "enum") continue;
      for (const v of p.type.values) if (v !== p.default) variants.push({ [p.name]: v });
    }
    for (const extra of variants) {
      const label = Object.entries(extra)
        .map(([k, v]) => `${k}: ${v}`)
        .join(", ");
      const m = MODELS[backbone];
      out.push({
        name: `penalty ${def.name}(${label})`,
        file: "tiny.dis",
        text: `model tiny {\n${m.body}\n  loss = ${objective(backbone, def, extra)}\n${m.train ?? TRAIN}\n}\n`,
      });
    }
  }
  return out;
}

/** A spec shrunk to tiny networks, small batches and STEPS steps; evaluate blocks dropped. */
export function shrink(text: string): string {
  let t = text.replace(/\/\/[^\n]*/g, "");
  t = t.replace(/\n\s*evaluate[^{]*\{(?:[^{}]|\{[^{}]*\})*\}/g, "\n");
  t = t.replace(/\n\s*study\s*\{(?:[^{}]|\{[^{}]*\})*\}/g, "\n");
  t = t.replace(/\n\s*(log_every|checkpoint_every): [^\n]*/g, "");
  t = t.replace(/batch: \d+/g, "batch: 8");
  t = t.replace(/dsprites\(batch: 8\)/g, "dsprites(batch: 8, size: 32)");
  t = t.replace(/mlp\(hidden: \[[^\]]*\]\)/g, "mlp(hidden: [8])");
  t = t.replace(/(?<!de)conv64\(\)/g, "conv64(channels: [4, 4, 4, 4], hidden: 8)");
  t = t.replace(/deconv64\(\)/g, "deconv64(hidden: 8, channels: [4, 4, 4])");
  t = t.replace(/unet\([^)]*\)/g, "unet(channels: 8, multipliers: [1], groups: 4, time_dim: 8)");
  t = t.replace(/timesteps: \d+/g, "timesteps: 50");
  t = t.replace(/every: \d+ steps/g, "every: 2 steps");
  t = t.replace(/over: \d+k? steps/g, "over: 4 steps");
  t = t.replace(
    /steps: [\d.]+k?\n/g,
    `steps: ${STEPS}\n    log_every: 1\n    checkpoint_every: 2\n`,
  );
  return t;
}

/** Every examples/*.dis (and examples/<dir>/*.dis), shrunk. */
export function exampleConfigs(root: string): ResumeConfig[] {
  const out: ResumeConfig[] = [];
  const dir = join(root, "examples");
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const files = e.isDirectory()
      ? readdirSync(join(dir, e.name))
          .filter((f) => f.endsWith(".dis"))
          .map((f) => join(dir, e.name, f))
      : e.name.endsWith(".dis")
        ? [join(dir, e.name)]
        : [];
    for (const file of files)
      out.push({
        name: `example ${e.name.replace(/\.dis$/, "")}`,
        file,
        text: shrink(readFileSync(file, "utf8")),
      });
  }
  return out;
}
