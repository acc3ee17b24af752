/**
 * The forward pass of a VAE-family model (vae, causal_vae, diffusion encoders), emitted as the
 * statements of `forward(nets, batch, step, rng)`: networks applied in wiring order, Gaussian
 * posteriors split into `mu` / `logvar` and reparameterised with a seeded ε, decoder outputs
 * bound to the variable they model. The order is the plan's (compiler/plan/forward.ts): priors,
 * then the networks topologically; the code of each step reads the IR.
 */
import type { ModelIR, NetworkIR, VariableIR } from "../ir/types.js";
import { networkOrder } from "../plan/forward.js";
import type { TrainingPlan } from "../plan/types.js";
import type { ImportMap } from "./imports.js";
import { entryImport } from "./entry-import.js";
import { argsLiteral } from "./literals.js";
import { priorArgs } from "./hyperparameters.js";
import { safeIdent } from "./names.js";

export const RUNTIME = "disc/runtime";
export const STDLIB = "disc/stdlib";

/** What the forward pass binds, for the TermContext and for encode/decode. */
export interface ForwardPlan {
  readonly lines: string[];
  /** Context `latents` entries: name → TS object literal. */
  readonly latents: Map<string, string>;
  /** Context `outputs` entries: observed name → TS expression. */
  readonly outputs: Map<string, string>;
  /** Context `likelihoods` entries. */
  readonly likelihoods: Map<string, string>;
  /** The encoder that gives the first posterior latent (for encode()), if any. */
  readonly encoder?: { net: NetworkIR; latent: VariableIR };
  /** The decoder of that latent to an observed variable with a likelihood (for decode()). */
  readonly decoder?: { net: NetworkIR; latent: VariableIR };
}

/** Optional backbone hooks into the forward pass (causal_vae inserts its SCM). */
export interface ForwardHooks {
  /**
   * Called after a posterior latent `v` is sampled into the TS variable `name`; the returned
   * lines follow, and `expr` replaces `name` as that latent's input to later networks.
   */
  readonly afterPosterior?: (
    v: VariableIR,
    name: string,
  ) => { lines: string[]; expr: string } | undefined;
}

/**
 * Emits the forward pass statements in the plan's order, leaving out heads and the networks in
 * `skip` (the diffusion back end applies its denoiser itself); registers imports on `imports`.
 */
export function planForward(
  ir: ModelIR,
  plan: TrainingPlan,
  imports: ImportMap,
  hooks: ForwardHooks = {},
  skip: ReadonlySet<string> = new Set(),
): ForwardPlan {
  const lines: string[] = [];
  const latents = new Map<string, string>();
  const outputs = new Map<string, string>();
  const likelihoods = new Map<string, string>();
  const vars = new Map(ir.variables.map((v) => [v.name, v]));
  const expr = new Map<string, string>([["x", "batch.x"]]);
  let encoder: ForwardPlan["encoder"];
  let decoder: ForwardPlan["decoder"];
  lines.push("const batchSize = batch.x.shape[0];");

  // Latents no network produces are drawn from their prior.
  for (const step of plan.forward) {
    const v = step.kind === "prior" ? vars.get(step.variable) : undefined;
    if (v === undefined) continue;
    const name = safeIdent(v.name);
    const dist = entryImport(imports, v.distribution);
    lines.push(`// ${v.role} ${v.name} ~ ${v.distribution}: drawn from the prior`);
    lines.push(`const ${name} = ${dist}.sample(batchSize, ${priorArgs(v)}, rng.seed());`);
    expr.set(v.name, name);
    latents.set(v.name, `{ sample: ${name} }`);
  }

  const byName = new Map(ir.networks.map((n) => [n.name, n]));
  for (const name of networkOrder(plan.forward)) {
    const net = byName.get(name);
    if (net === undefined) throw new Error(`the plan's network ${name} is not in the IR`);
    if (net.role === "head" || skip.has(name)) continue;
    const input = networkInput(net, expr, imports);
    const raw = `${safeIdent(net.name)}Out`;
    lines.push(
      `// ${net.role} ${net.name} = ${net.arch}: ${net.inputs.join(", ")} -> ${net.outputs.join(", ")}`,
    );
    lines.push(
      `const ${raw} = nets.${safeIdent(net.name)}.apply(${input}, { training: true }) as tf.Tensor;`,
    );
    const out = net.outputs[0];
    const v = out === undefined ? undefined : vars.get(out);
    if (out !== undefined && v && v.hasPosterior) {
      const name = safeIdent(v.name);
      const split = imports.use(RUNTIME, "splitGaussian");
      const reparam = imports.use(RUNTIME, "reparameterize");
      lines.push(
        `const { mu: ${name}Mu, logvar: ${name}Logvar } = ${split}(${raw} as tf.Tensor2D);`,
      );
      lines.push(
        `const ${name}Eps = tf.randomNormal(${name}Mu.shape, 0, 1, "float32", rng.seed()) as tf.Tensor2D;`,
      );
      lines.push(`const ${name} = ${reparam}(${name}Mu, ${name}Logvar, ${name}Eps);`);
      expr.set(v.name, name);
      latents.set(v.name, `{ mu: ${name}Mu, logvar: ${name}Logvar, sample: ${name} }`);
      encoder ??= { net, latent: v };
      const hooked = hooks.afterPosterior?.(v, name);
      if (hooked) {
        lines.push(...hooked.lines);
        expr.set(v.name, hooked.expr);
      }
    } else if (out !== undefined && v) {
      const name = safeIdent(v.name);
      lines.push(`const ${name} = ${raw} as tf.Tensor2D;`);
      expr.set(v.name, name);
      latents.set(v.name, `{ sample: ${name} }`);
    } else if (out !== undefined) {
      const name = `${safeIdent(out)}Params`;
      lines.push(`const ${name} = ${raw} as tf.Tensor4D;`);
      outputs.set(out, name);
      if (net.likelihood) {
        const lik = entryImport(imports, net.likelihood.name);
        likelihoods.set(out, `{ def: ${lik}, args: ${argsLiteral(net.likelihood.args)} }`);
        const from = net.inputs.map((i) => vars.get(i)).find((x) => x?.hasPosterior);
        if (from && !decoder) decoder = { net, latent: from };
      }
    }
  }
  return { lines, latents, outputs, likelihoods, encoder, decoder };
}

function networkInput(net: NetworkIR, expr: Map<string, string>, imports: ImportMap): string {
  const parts = net.inputs.map((name) => {
    const e = name === "y" ? `${imports.use(RUNTIME, "labels")}(batch)` : expr.get(name);
    if (e === undefined) throw new Error(`input ${name} of ${net.name} is not bound`);
    return e;
  });
  if (parts.length === 1) return parts[0] as string;
  const flat = imports.use(RUNTIME, "concatFeatures");
  return `${flat}([${parts.join(", ")}])`;
}
