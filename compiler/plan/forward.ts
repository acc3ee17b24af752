/**
 * The forward pass of a plan: priors first (in declaration order), then every network in ONE
 * order — topological over the tensors the networks read and write, ties broken by declaration
 * order — each with the steps that belong to it (a causal_vae's scm after the encoder of its
 * latent, a diffusion model's noising before its denoiser). Both emitters print this order.
 */
import type { ModelIR, NetworkIR, ScmIR, VariableIR } from "../ir/types.js";
import type { ModelSpans } from "../ir/spans.js";
import type { ForwardStep, NetworkOutput, NetworkStep, ScmStep, TensorName } from "./types.js";

const OBSERVED = new Set(["x", "y"]);

/**
 * Variables a network produces (an encoder's latent); the rest are drawn from their prior. In a
 * GAN the discriminator and the Q head predict (logits, Q(c|x)): the codes they name are drawn.
 */
export function producedVariables(ir: ModelIR): Set<string> {
  const predicts = (n: NetworkIR) =>
    ir.backbone === "gan" && (n.role === "head" || n.role === "discriminator");
  const out = new Set<string>();
  for (const n of ir.networks)
    if (!predicts(n)) for (const o of n.outputs) if (!OBSERVED.has(o)) out.add(o);
  return out;
}

/** One network with the steps that belong to it, what it needs from other units and gives them. */
interface Unit {
  readonly index: number;
  readonly steps: ForwardStep[];
  readonly needs: readonly TensorName[];
}

/**
 * The plan's forward steps. Throws (an internal error: the checker rejects cyclic wiring,
 * DIS2016) when the networks cannot run in any order.
 */
export function planForward(ir: ModelIR, spans: ModelSpans | undefined): ForwardStep[] {
  const produced = producedVariables(ir);
  const steps: ForwardStep[] = ir.variables
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => !produced.has(v.name))
    .map(({ v, i }) => ({
      kind: "prior",
      variable: v.name,
      role: v.role,
      distribution: v.distribution,
      args: values(v.args),
      size: v.size,
      reads: [],
      writes: [`latents.${v.name}.sample`],
      span: spans?.variables[i] ?? null,
    }));
  const units = ir.networks.map((n, i) => unitOf(ir, n, i, spans));
  const available = new Set<TensorName>([...OBSERVED, ...steps.flatMap((s) => s.writes)]);
  const pending = [...units];
  while (pending.length > 0) {
    const i = pending.findIndex((u) => u.needs.every((t) => available.has(t)));
    if (i < 0) {
      const names = pending.map((u) => ir.networks[u.index]!.name).join(", ");
      throw new Error(`networks ${names} have cyclic wiring`);
    }
    const [unit] = pending.splice(i, 1);
    steps.push(...unit!.steps);
    for (const s of unit!.steps) for (const t of s.writes) available.add(t);
  }
  if (ir.backbone === "gan") steps.push(...realPass(ir, spans));
  return steps;
}

/** The network names of `steps` in the order they first run. */
export function networkOrder(steps: readonly ForwardStep[]): string[] {
  const names = steps.flatMap((s) => (s.kind === "network" ? [s.network] : []));
  return [...new Set(names)];
}

function values(args: ModelIR["variables"][number]["args"]) {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.value]));
}

/** The tensor an input name of network `n` reads. */
function inputTensor(ir: ModelIR, n: NetworkIR, name: string): TensorName {
  if (ir.networks.some((m) => m.name === name)) return `${name}.trunk`;
  if (OBSERVED.has(name))
    return ir.backbone === "gan" && n.role === "discriminator" ? "outputs.x" : name;
  const scm = ir.scms.find((s) => s.over === name);
  return scm ? `${scm.name}.masked_sample` : `latents.${name}.sample`;
}

function unitOf(ir: ModelIR, n: NetworkIR, index: number, spans: ModelSpans | undefined): Unit {
  const span = spans?.networks[index] ?? null;
  const reads = n.inputs.map((name) => inputTensor(ir, n, name));
  // a network a head reads also gives its trunk features
  const trunk = ir.networks.some((h) => h.inputs.includes(n.name)) ? [`${n.name}.trunk`] : [];
  const step = (output: NetworkOutput, r: TensorName[], writes: TensorName[]): NetworkStep => ({
    kind: "network",
    network: n.name,
    role: n.role,
    arch: n.arch,
    output,
    reads: r,
    writes: [...new Set([...writes, ...trunk])],
    span,
  });
  if (n.role === "denoiser") return denoiserUnit(ir, index, reads, step, spans);
  if (n.role === "head") {
    // a GAN's Q head predicts the codes; elsewhere a head produces the variables it names
    const gan = ir.backbone === "gan";
    const writes = n.outputs.map((o) => (gan ? `outputs.${o}` : `latents.${o}.sample`));
    return { index, steps: [step(gan ? "q" : "latent", reads, writes)], needs: reads };
  }
  if (n.role === "discriminator" && ir.backbone === "gan") {
    const s = step("logits", reads, [`${n.name}.trunk`, "extra.d_fake_logits"]);
    return { index, steps: [s], needs: reads };
  }
  const out = n.outputs[0] ?? "";
  const v: VariableIR | undefined = ir.variables.find((x) => x.name === out);
  if (v?.hasPosterior) {
    const latent = [`latents.${out}.mu`, `latents.${out}.logvar`, `latents.${out}.sample`];
    const scm = ir.scms.find((s) => s.over === out);
    const steps: ForwardStep[] = [step("posterior", reads, latent)];
    if (scm) steps.push(scmStep(ir, scm, out, spans));
    return { index, steps, needs: reads };
  }
  if (v) return { index, steps: [step("latent", reads, [`latents.${out}.sample`])], needs: reads };
  const output: NetworkOutput =
    ir.backbone === "gan" && n.role === "generator"
      ? "fake"
      : n.likelihood
        ? "likelihood"
        : "observation";
  return { index, steps: [step(output, reads, [`outputs.${out}`])], needs: reads };
}

/**
 * A causal_vae scm on latent `z`: the causal and mask layers on the sample (the decoders' input)
 * and on the mean (for label_align), and the label reconstructions the objective reads.
 */
function scmStep(ir: ModelIR, scm: ScmIR, z: string, spans: ModelSpans | undefined): ScmStep {
  const forms = ir.terms
    .filter((t) => t.entry === "label_align")
    .map((t) => String(t.args["form"]?.value));
  const labels = ["label_recon", "label_scm"].filter((f) => forms.includes(f));
  return {
    kind: "scm",
    scm: scm.name,
    over: z,
    reads: [`latents.${z}.sample`, `latents.${z}.mu`, ...(labels.length ? ["y"] : [])],
    writes: [
      `extra.${scm.name}`,
      `${scm.name}.masked_sample`,
      `extra.${z}.causal`,
      `extra.${z}.masked`,
      ...labels.map((f) => `extra.${z}.${f}`),
    ],
    span: spans?.scms[ir.scms.indexOf(scm)] ?? null,
  };
}

/** A denoiser: the forward noising of x (its schedule from the denoise term), then the denoiser. */
function denoiserUnit(
  ir: ModelIR,
  index: number,
  reads: TensorName[],
  step: (output: NetworkOutput, r: TensorName[], w: TensorName[]) => NetworkStep,
  spans: ModelSpans | undefined,
): Unit {
  const term = ir.terms.find((t) => t.entry === "denoise");
  const edm = term?.args["schedule"]?.value === "edm";
  const conditions = reads.filter((r) => !OBSERVED.has(r));
  const noising: ForwardStep = {
    kind: "noising",
    schedule: edm ? "edm" : "linear",
    timesteps: Number(term?.args["timesteps"]?.value ?? 1000),
    reads: ["x"],
    writes: edm
      ? ["noising.x_in", "noising.c_noise", "extra.denoise_x0", "extra.denoise_weight"]
      : ["noising.x_t", "noising.t", "extra.denoise_eps"],
    span: term ? (spans?.terms[ir.terms.indexOf(term)] ?? null) : null,
  };
  const inputs = edm ? ["noising.x_in", "noising.c_noise"] : ["noising.x_t", "noising.t"];
  const denoiser = step(
    "prediction",
    [...inputs, ...conditions],
    [edm ? "extra.denoise_pred" : "extra.denoise_eps_pred"],
  );
  return { index, steps: [noising, denoiser], needs: ["x", ...conditions] };
}

/** The GAN discriminator on the real batch: only the discriminator phase's forward pass runs it. */
function realPass(ir: ModelIR, spans: ModelSpans | undefined): ForwardStep[] {
  const i = ir.networks.findIndex((n) => n.role === "discriminator");
  const d = ir.networks[i];
  if (!d) return [];
  return [
    {
      kind: "network",
      network: d.name,
      role: d.role,
      arch: d.arch,
      output: "logits",
      reads: ["x"],
      writes: ["extra.d_real_logits"],
      phases: ["discriminator"],
      span: spans?.networks[i] ?? null,
    },
  ];
}
