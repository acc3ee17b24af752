/**
 * The forward pass of a VAE-family model (vae, causal_vae, diffusion encoders), emitted as the
 * statements of `forward(nets, batch, step, rng)`: networks applied in wiring order, Gaussian
 * posteriors split into `mu` / `logvar` and reparameterised with a seeded ε, decoder outputs
 * bound to the variable they model. Reads the IR only.
 */
import type { ModelIR, NetworkIR, VariableIR } from "../ir/types.js";
import type { ImportMap } from "./imports.js";
import { entryImport } from "./entry-import.js";
import { argsLiteral } from "./literals.js";
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

const OBSERVED = new Set(["x", "y"]);

/** Orders networks so each runs after the networks producing its inputs. Throws on a cycle (an ICE). */
export function wiringOrder(ir: ModelIR): NetworkIR[] {
  const produced = new Set<string>(OBSERVED);
  for (const v of ir.variables)
    if (!ir.networks.some((n) => n.outputs.includes(v.name))) produced.add(v.name);
  const pending = ir.networks.filter((n) => n.role !== "head");
  const order: NetworkIR[] = [];
  while (pending.length > 0) {
    const i = pending.findIndex((n) =>
      n.inputs.every((name) => produced.has(name) && !isOutputOf(n, name)),
    );
    const ready = i >= 0 ? pending.splice(i, 1)[0] : undefined;
    if (!ready)
      throw new Error(`networks ${pending.map((n) => n.name).join(", ")} have cyclic wiring`);
    order.push(ready);
    for (const o of ready.outputs) if (!OBSERVED.has(o)) produced.add(o);
  }
  return order;
}

function isOutputOf(n: NetworkIR, name: string): boolean {
  return n.outputs.includes(name) && !n.inputs.includes(name);
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

/** Emits the forward pass statements; registers imports on `imports`. */
export function planForward(
  ir: ModelIR,
  imports: ImportMap,
  hooks: ForwardHooks = {},
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
  for (const v of ir.variables) {
    if (ir.networks.some((n) => n.outputs.includes(v.name))) continue;
    const name = safeIdent(v.name);
    const dist = entryImport(imports, v.distribution);
    lines.push(`// ${v.role} ${v.name} ~ ${v.distribution}: drawn from the prior`);
    lines.push(`const ${name} = ${dist}.sample(batchSize, ${argsLiteral(v.args)}, rng.seed());`);
    expr.set(v.name, name);
    latents.set(v.name, `{ sample: ${name} }`);
  }

  for (const net of wiringOrder(ir)) {
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
        `const ${name}Eps = tf.randomNormal([batchSize, ${v.size}], 0, 1, "float32", rng.seed()) as tf.Tensor2D;`,
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
