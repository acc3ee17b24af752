/**
 * The diffusion-autoencoder back end (DiffAE, Preechakul et al. 2022): a semantic encoder x → z
 * (Gaussian posterior or deterministic) and a conditional denoiser ε_θ(x_t, t, z). Emits the
 * `diffusion` settings, `lossTerms` (encoder forward pass, noising, denoiser, the terms in the
 * context with the denoiser's tensors in `extra`), `encode`, `decode` (deterministic DDIM, or
 * the EDM Euler sampler, from a fixed x_T), `encodeNoise` / `reconstruct` (stochastic encoding)
 * and `train` (shared with the VAE back end). The forward order and the objective come from the
 * plan; the rest reads the IR.
 */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from "ts-morph";
import type { ModelIR, NetworkIR, VariableIR } from "../ir/types.js";
import type { TrainingPlan } from "../plan/types.js";
import type { BackboneEmission } from "./backbones.js";
import type { ImportMap } from "./imports.js";
import { tsLiteral } from "./literals.js";
import { planForward, RUNTIME, STDLIB, type ForwardPlan } from "./emit-forward.js";
import { printObjective } from "./emit-objective.js";
import { encodeFunction, lossTermsFunction, termLines, trainFunction } from "./emit-vae.js";
import { safeIdent } from "./names.js";

/** Default DDIM / Euler steps of decoding (DiffAE's T_eval = 20). */
export const DEFAULT_SAMPLING_STEPS = 20;
/** Seed of the fixed x_T that decode() starts from. */
const NOISE_SEED = 1234;

interface DiffusionPlan {
  readonly denoiser: NetworkIR;
  readonly schedule: "linear" | "edm";
  readonly timesteps: number;
  /** TS expression of the denoiser's condition (the latents it reads), e.g. `z`. */
  readonly condition: string;
  /** The semantic latent and its encoder, for encode/decode and the pictures. */
  readonly semantic?: { net: NetworkIR; latent: VariableIR };
}

/** Statements after `buildNetworks` for a diffusion model, and the objective's named weights. Throws on an IR without a denoiser (a bug). */
export function emitDiffusion(
  ir: ModelIR,
  plan: TrainingPlan,
  imports: ImportMap,
): BackboneEmission {
  const denoiser = ir.networks.find((n) => n.role === "denoiser");
  if (!denoiser) throw new Error(`model ${ir.name} has the diffusion backbone but no denoiser`);
  // The encoders' forward pass is the VAE one; the denoiser is applied separately below.
  const forward = planForward(ir, plan, imports, {}, new Set([denoiser.name]));
  const diffusion = planDiffusion(ir, denoiser, forward, imports);
  const objective = printObjective(plan.objective, imports);
  const semantic = diffusion.semantic;
  const trainForward: ForwardPlan = semantic ? { ...forward, encoder: semantic } : forward;
  return {
    weights: objective.weights,
    statements: [
      settings(diffusion, imports),
      ...lossFunctions(ir, plan, diffusion, forward, objective.code, imports),
      semantic?.latent.hasPosterior
        ? encodeFunction(forward, imports)
        : deterministicEncode(semantic),
      decodeFunction(ir, diffusion, imports),
      ...stochasticEncoding(diffusion, imports),
      trainFunction(ir, trainForward, imports),
    ],
  };
}

function planDiffusion(
  ir: ModelIR,
  denoiser: NetworkIR,
  forward: ForwardPlan,
  imports: ImportMap,
): DiffusionPlan {
  const term = ir.terms.find((t) => t.entry === "denoise");
  const schedule = term?.args["schedule"]?.value === "edm" ? "edm" : "linear";
  const timesteps = Number(term?.args["timesteps"]?.value ?? 1000);
  const conds = denoiser.inputs.filter((i) => i !== "x" && i !== "y");
  const names = conds.map((c) => safeIdent(c));
  const condition =
    names.length === 1
      ? (names[0] as string)
      : `${imports.use(RUNTIME, "concatFeatures")}([${names.join(", ")}])`;
  const vars = ir.variables.filter((v) => conds.includes(v.name));
  const only = vars.length === 1 ? vars[0] : undefined;
  const net =
    only && ir.networks.find((n) => n.role === "encoder" && n.outputs.includes(only.name));
  const semantic = only && net ? { net, latent: only } : forward.encoder;
  return {
    denoiser,
    schedule,
    timesteps,
    condition,
    semantic: semantic && conds.length === 1 ? semantic : undefined,
  };
}

function settings(plan: DiffusionPlan, imports: ImportMap): StatementStructures {
  const fields = [
    `schedule: ${tsLiteral(plan.schedule)}`,
    `timesteps: ${plan.timesteps}`,
    `samplingSteps: ${DEFAULT_SAMPLING_STEPS}`,
    `noiseSeed: ${NOISE_SEED}`,
    `alphaBars: ${imports.use(RUNTIME, "alphaBars")}(${plan.timesteps})`,
  ];
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [
      "The diffusion process: the denoise term's schedule and T (steps), the steps of deterministic decoding\n" +
        "(DDIM for linear, Euler on the Karras grid for edm), the seed of decode()'s fixed x_T, and ᾱ_t [T] (float64).",
    ],
    declarations: [{ name: "diffusion", initializer: `{ ${fields.join(",\n")} } as const` }],
  };
}

/** The denoiser call on image input `x`, time input `t` and the condition. */
function denoiserCall(
  plan: DiffusionPlan,
  x: string,
  t: string,
  condition: string,
  training: boolean,
): string {
  const inputs = plan.denoiser.inputs.some((i) => i !== "x" && i !== "y")
    ? `[${x}, ${t}, ${condition}]`
    : `[${x}, ${t}]`;
  return `nets.${safeIdent(plan.denoiser.name)}.apply(${inputs}, { training: ${training} }) as tf.Tensor4D`;
}

function lossFunctions(
  ir: ModelIR,
  trainingPlan: TrainingPlan,
  plan: DiffusionPlan,
  forward: ForwardPlan,
  objective: string,
  imports: ImportMap,
): StatementStructures[] {
  imports.use(RUNTIME, "Batch", true);
  imports.use(RUNTIME, "Rng", true);
  imports.use(STDLIB, "TermContext", true);
  imports.use(STDLIB, "TermState", true);
  const d = plan.denoiser;
  const head = `// ${d.role} ${d.name} = ${d.arch}: ${d.inputs.join(", ")} -> ${d.outputs.join(", ")}`;
  const noising =
    plan.schedule === "linear"
      ? [
          `${head}; ε-prediction at t ~ U{0..T−1} on x0 = 2x − 1`,
          `const noised = ${imports.use(RUNTIME, "linearNoising")}(batch.x, diffusion.alphaBars, rng);`,
          `const epsPred = ${denoiserCall(plan, "noised.xt", "noised.t", plan.condition, true)};`,
          "const extra = { denoise_eps: noised.eps, denoise_eps_pred: epsPred };",
        ]
      : [
          `${head}; EDM: ln σ ~ N(−1.2, 1.2²), D = c_skip x_σ + c_out F(c_in x_σ, 250 ln σ, z)`,
          `const noised = ${imports.use(RUNTIME, "edmNoising")}(batch.x, rng);`,
          `const raw = ${denoiserCall(plan, "noised.xIn", "noised.cNoise", plan.condition, true)};`,
          `const extra = { denoise_x0: noised.x0, denoise_pred: ${imports.use(RUNTIME, "edmDenoised")}(noised, raw), denoise_weight: noised.weight };`,
        ];
  const record = (m: Map<string, string>): string =>
    `{ ${[...m].map(([k, v]) => `${safeIdent(k)}: ${v}`).join(", ")} }`;
  const context = [
    "const context: TermContext = {",
    "x: batch.x, y: batch.y,",
    `latents: ${record(forward.latents)},`,
    `outputs: ${record(forward.outputs)},`,
    `likelihoods: ${record(forward.likelihoods)},`,
    "step, batchSize, datasetSize, extra,",
    "};",
  ].join("\n");
  const terms = termLines(ir, imports);
  const termNames = ir.terms.map((t) => JSON.stringify(t.id)).join(" | ") || "never";
  return [
    {
      kind: StructureKind.TypeAlias,
      name: "TermName",
      isExported: true,
      type: termNames,
      docs: ["Names of the objective's terms."],
    },
    lossTermsFunction(
      trainingPlan,
      "One forward pass (encoder, noising, denoiser) and every loss term for a batch.\n" +
        "@param step optimizer steps taken so far (schedules read it)\n" +
        "@param datasetSize N, the number of training examples (from the data, never a weight)\n" +
        "@returns each term (a scalar), the total to minimise, and the term context (denoiser tensors in `extra`)",
      [...forward.lines, ...noising, context],
      `const terms: Record<TermName, tf.Scalar> = {\n${terms.join("\n")}\n};`,
      objective,
    ),
  ];
}

function deterministicEncode(semantic: DiffusionPlan["semantic"]): StatementStructures {
  return {
    kind: StructureKind.Function,
    name: "encode",
    isExported: true,
    docs: [
      "The deterministic semantic code: x [B, H, W, C] → { mu: z, logvar: 0 } [B, D]. Throws when the model has no encoder.",
    ],
    parameters: [
      { name: "nets", type: "Networks" },
      { name: "x", type: "tf.Tensor4D" },
    ],
    returnType: "{ mu: tf.Tensor2D; logvar: tf.Tensor2D }",
    statements: semantic
      ? [
          `const mu = nets.${safeIdent(semantic.net.name)}.apply(x, { training: false }) as tf.Tensor2D;`,
          "return { mu, logvar: tf.zerosLike(mu) };",
        ]
      : [`throw new Error("this model has no encoder of the denoiser's condition");`],
  };
}

function decodeFunction(ir: ModelIR, plan: DiffusionPlan, imports: ImportMap): StatementStructures {
  const shape = tsLiteral([1, ...ir.data.imageShape]);
  const toUnit = imports.use(RUNTIME, "toUnitRange");
  const sampler =
    plan.schedule === "linear"
      ? `${imports.use(RUNTIME, "ddimSample")}((xt, t) => ${denoiserCall(plan, "xt", "t", "z", false)}, noise, diffusion.alphaBars, { steps: diffusion.samplingSteps })`
      : `${imports.use(RUNTIME, "edmSample")}((xIn, cNoise) => ${denoiserCall(plan, "xIn", "cNoise", "z", false)}, noise, diffusion.samplingSteps)`;
  return {
    kind: StructureKind.Function,
    name: "decode",
    isExported: true,
    docs: [
      "Deterministic decoding of z [B, D] → images [B, H, W, C] in [0, 1], from `xT` [B, H, W, C] (a stochastic\n" +
        "code from encodeNoise) or else from one fixed x_T (seed diffusion.noiseSeed) shared by all rows, so that\n" +
        "traversals change z only. Runs diffusion.samplingSteps denoiser calls. Throws when z is not the denoiser's only condition.",
    ],
    parameters: [
      { name: "nets", type: "Networks" },
      { name: "z", type: "tf.Tensor2D" },
      { name: "xT", type: "tf.Tensor4D", hasQuestionToken: true },
    ],
    returnType: "tf.Tensor4D",
    statements: plan.semantic
      ? [
          "return tf.tidy(() => {",
          `const noise = xT ?? (tf.tile(tf.randomNormal(${shape}, 0, 1, "float32", diffusion.noiseSeed), [z.shape[0], 1, 1, 1]) as tf.Tensor4D);`,
          `return ${toUnit}(${sampler});`,
          "});",
        ]
      : [
          `throw new Error("decode: the denoiser is not conditioned on exactly one encoded latent");`,
        ],
  };
}

function stochasticEncoding(plan: DiffusionPlan, imports: ImportMap): StatementStructures[] {
  const enc = plan.semantic?.net;
  const usable = plan.schedule === "linear" && enc !== undefined;
  const encodeNoise: StatementStructures = {
    kind: StructureKind.Function,
    name: "encodeNoise",
    isExported: true,
    docs: [
      "The stochastic code of x [B, H, W, C] in [0, 1]: the reverse DDIM ODE from 2x − 1 to x_T [B, H, W, C],\n" +
        "conditioned on z = encode(x).mu. Linear schedule only; throws otherwise.",
    ],
    parameters: [
      { name: "nets", type: "Networks" },
      { name: "x", type: "tf.Tensor4D" },
    ],
    returnType: "tf.Tensor4D",
    statements: usable
      ? [
          "return tf.tidy(() => {",
          "const z = encode(nets, x).mu;",
          `return ${imports.use(RUNTIME, "ddimEncode")}((xt, t) => ${denoiserCall(plan, "xt", "t", "z", false)}, tf.sub(tf.mul(x, 2), 1) as tf.Tensor4D, diffusion.alphaBars, { steps: diffusion.samplingSteps });`,
          "});",
        ]
      : [
          `throw new Error("encodeNoise: stochastic encoding needs the linear schedule and an encoder of the condition");`,
        ],
  };
  const reconstruct: StatementStructures = {
    kind: StructureKind.Function,
    name: "reconstruct",
    isExported: true,
    docs: [
      "DiffAE reconstruction: decode(encode(x).mu, encodeNoise(x)), x [B, H, W, C] → [B, H, W, C] in [0, 1].",
    ],
    parameters: [
      { name: "nets", type: "Networks" },
      { name: "x", type: "tf.Tensor4D" },
    ],
    returnType: "tf.Tensor4D",
    statements: ["return tf.tidy(() => decode(nets, encode(nets, x).mu, encodeNoise(nets, x)));"],
  };
  return [encodeNoise, reconstruct];
}
