/**
 * The causal_vae back end (CausalVAE, Yang et al. 2021): the VAE forward pass with the SCM
 * inserted after the encoder — encoder → exogenous posterior q(ε|x) (the latent's mu/logvar,
 * so `kl(z)` is KL(q(ε|x) ‖ N(0, I))) → causal layer z = (I − Aᵀ)⁻¹ε → mask layer
 * f = g(Aᵀz) + ε → decoder. ctx.extra carries the adjacency (`<scm>`), the causal and masked
 * means (`<z>.causal`, `<z>.masked`) and the reconstructed labels (`<z>.label_recon`, `<z>.label_scm`) for dag and
 * label_align. Also emits `Scms`, `buildScms`, `checkpointNetworks` and `intervene`
 * (for `disc intervene`). The forward order and the objective come from the plan, the rest
 * reads the IR; shares the VAE emitter's helpers.
 */
import { StructureKind, type StatementStructures } from "ts-morph";
import type { ModelIR, ScmIR } from "../ir/types.js";
import type { TrainingPlan } from "../plan/types.js";
import type { BackboneEmission } from "./backbones.js";
import type { ImportMap } from "./imports.js";
import { contextStatement, lossTermsFunction, termLines, trainFunction } from "./emit-vae.js";
import { planForward, RUNTIME, STDLIB } from "./emit-forward.js";
import { printObjective } from "./emit-objective.js";
import { latentSize, prop } from "./hyperparameters.js";
import { camelCase, safeIdent } from "./names.js";

/** Statements after `buildNetworks` for a causal_vae model. Throws (an ICE) without an scm over an encoded latent. */
export function emitCausal(ir: ModelIR, plan: TrainingPlan, imports: ImportMap): BackboneEmission {
  const byLatent = new Map(ir.scms.map((s) => [s.over, s]));
  const forms = labelForms(ir);
  const used: ScmIR[] = [];
  const forward = planForward(ir, plan, imports, {
    afterPosterior: (v, name) => {
      const scm = byLatent.get(v.name);
      if (!scm) return undefined;
      used.push(scm);
      const s = safeIdent(scm.name);
      return {
        lines: [
          `// scm ${scm.name} over ${v.name}: causal layer z = (I − Aᵀ)⁻¹ ε per concept block (exact, Gauss–Jordan), mask layer f = g(Aᵀz) + ε`,
          `const ${s}Pass = scms.${s}.pass(${name});`,
          `const ${s}Mean = scms.${s}.pass(${name}Mu);`,
          ...(forms.recon || forms.scm
            ? [`const ${s}Labels = batch.labels ?? ${imports.use(RUNTIME, "labels")}(batch);`]
            : []),
          ...(forms.recon
            ? [
                `const ${s}LabelRecon = scms.${s}.labelRecon(${s}Labels); // official mix_u: g_i((Aᵀũ)_i)`,
              ]
            : []),
          ...(forms.scm
            ? [
                `const ${s}LabelScm = scms.${s}.labelScm(${s}Labels); // label_scm: 1-Lipschitz g_i(A_{:,i} ∘ ũ)`,
              ]
            : []),
        ],
        expr: `${s}Pass.masked`,
      };
    },
  });
  const main = used[0];
  const enc = forward.encoder;
  const dec = forward.decoder;
  if (!main || !enc || !dec || used.length !== ir.scms.length) {
    throw new Error(
      `causal_vae: every scm must be over a latent with an encoder x -> z and a decoder (scms: ${ir.scms.map((s) => s.name).join(", ")})`,
    );
  }
  const objective = printObjective(plan.objective, imports);
  imports.use(RUNTIME, "CausalScm", true);
  const s = safeIdent(main.name);
  const args = "nets, scms";
  return {
    weights: objective.weights,
    statements: [
      ...scmDeclarations(ir, imports),
      termNameAlias(ir),
      causalLossTerms(ir, plan, forward, objective.code, imports),
      {
        kind: StructureKind.Function,
        name: "encode",
        isExported: true,
        docs: [
          "The causal latent: x [B, H, W, C] → { mu: (I − Aᵀ)⁻¹ mu_ε, logvar: logvar_ε } [B, D].",
        ],
        parameters: [
          { name: "nets", type: "Networks" },
          { name: "scms", type: "Scms" },
          { name: "x", type: "tf.Tensor4D" },
        ],
        returnType: "{ mu: tf.Tensor2D; logvar: tf.Tensor2D }",
        statements: [
          "return tf.tidy(() => {",
          `const { mu, logvar } = ${imports.use(RUNTIME, "splitGaussian")}(nets.${safeIdent(enc.net.name)}.apply(x, { training: false }) as tf.Tensor2D);`,
          `return { mu: scms.${s}.pass(mu).causal, logvar };`,
          "});",
        ],
      },
      {
        kind: StructureKind.Function,
        name: "decode",
        isExported: true,
        docs: [
          "The mean of p(x|f) for a causal z [B, D]: ε = z − Aᵀz, f = g(Aᵀz) + ε → images [B, H, W, C] in [0, 1].",
        ],
        parameters: [
          { name: "nets", type: "Networks" },
          { name: "scms", type: "Scms" },
          { name: "z", type: "tf.Tensor2D" },
        ],
        returnType: "tf.Tensor4D",
        statements: [
          `return tf.tidy(() => ${decodeExpr(dec.net.name, dec.net.likelihood, `scms.${s}.maskFromCausal(z)`, imports)});`,
        ],
      },
      {
        kind: StructureKind.Function,
        name: "intervene",
        isExported: true,
        docs: [
          "do(concept = value) on the scm over the encoded latent: x [B, H, W, C] → decoded images [B, H, W, C].\n" +
            "ε = mu_ε(x); incoming edges of the concept are cut and its block set to `value` (latent units ≈ standardised label);\n" +
            "descendants follow the learned A. Throws for an unknown concept.",
        ],
        parameters: [
          { name: "nets", type: "Networks" },
          { name: "scms", type: "Scms" },
          { name: "x", type: "tf.Tensor4D" },
          { name: "concept", type: "string" },
          { name: "value", type: "number" },
        ],
        returnType: "tf.Tensor4D",
        statements: [
          "return tf.tidy(() => {",
          `const { mu } = ${imports.use(RUNTIME, "splitGaussian")}(nets.${safeIdent(enc.net.name)}.apply(x, { training: false }) as tf.Tensor2D);`,
          `const { masked } = scms.${s}.intervene(mu, scms.${s}.conceptIndex(concept), value);`,
          `return ${decodeExpr(dec.net.name, dec.net.likelihood, "masked", imports)};`,
          "});",
        ],
      },
      trainFunction(ir, forward, imports, {
        setup: ["const scms = buildScms(hp);"],
        networks: "checkpointNetworks(nets, scms)",
        args,
      }),
    ],
  };
}

function decodeExpr(
  net: string,
  lik: { name: string; args: Record<string, unknown> } | null,
  input: string,
  imports: ImportMap,
): string {
  const params = `nets.${safeIdent(net)}.apply(${input}, { training: false }) as tf.Tensor4D`;
  if (!lik) throw new Error("causal_vae: the decoder needs a likelihood");
  return `${imports.use(STDLIB, camelCase(lik.name))}.mean(${params}, ${JSON.stringify(lik.args)})`;
}

function scmDeclarations(ir: ModelIR, imports: ImportMap): StatementStructures[] {
  const create = imports.use(RUNTIME, "createScm");
  const entries = ir.scms.map((scm, i) => {
    const arg = (name: string, fallback: string, type: string) =>
      scm.args[name] === undefined
        ? JSON.stringify(fallback)
        : `hp.scms${prop(scm.name)}${prop(name)} as ${type}`;
    const init = arg("init", "zeros", imports.use(RUNTIME, "ScmInit", true));
    const learn = arg("learn_from", "all", `"all" | "labels"`);
    const size = ir.variables.find((v) => v.name === scm.over)?.size;
    const conceptSize =
      size === scm.conceptSize * scm.concepts.length
        ? `${latentSize(scm.over)} / ${scm.concepts.length}`
        : String(scm.conceptSize);
    return `${safeIdent(scm.name)}: ${create}({ name: ${JSON.stringify(`scm_${scm.name}`)}, concepts: ${JSON.stringify(scm.concepts)}, conceptSize: ${conceptSize}, init: ${init}, hidden: 32, seed: hp.seed + ${1000 + i}, adjacencyGrad: ${learn} }),`;
  });
  return [
    {
      kind: StructureKind.Interface,
      name: "Scms",
      isExported: true,
      docs: [
        "The model's structural causal models by declared name (learnable A [n, n], mask and label MLPs).",
      ],
      properties: ir.scms.map((scm) => ({
        name: safeIdent(scm.name),
        type: "CausalScm",
        isReadonly: true,
        docs: [
          `scm ${scm.name} over ${scm.over}: concepts ${scm.concepts.join(", ")} (${scm.conceptSize} dims each)`,
        ],
      })),
    },
    {
      kind: StructureKind.Function,
      name: "buildScms",
      isExported: true,
      docs: [
        "Builds every scm; A starts as declared by `init` (zeros | random | a given matrix), never silently as a known graph.",
      ],
      parameters: [{ name: "hp", type: "Hyperparameters", initializer: "hyperparameters" }],
      returnType: "Scms",
      statements: [`return {\n${entries.join("\n")}\n};`],
    },
    {
      kind: StructureKind.Function,
      name: "checkpointNetworks",
      isExported: true,
      docs: [
        "Everything the optimizer trains and checkpoints: the networks and each scm's model (folder scm_<name>).",
      ],
      parameters: [
        { name: "nets", type: "Networks" },
        { name: "scms", type: "Scms" },
      ],
      returnType: "Record<string, tf.LayersModel>",
      statements: [
        `return { ...nets, ${ir.scms.map((scm) => `scm_${scm.name}: scms.${safeIdent(scm.name)}.model`).join(", ")} };`,
      ],
    },
  ];
}

/** `lossTerms` of a causal VAE: the SCM and mask layer between encoder and decoder. */
function causalLossTerms(
  ir: ModelIR,
  plan: TrainingPlan,
  forward: ReturnType<typeof planForward>,
  objective: string,
  imports: ImportMap,
): StatementStructures {
  imports.use(RUNTIME, "Batch", true);
  imports.use(RUNTIME, "Rng", true);
  imports.use(STDLIB, "TermContext", true);
  imports.use(STDLIB, "sharedQuantities");
  imports.use(STDLIB, "TermState", true);
  const extra = new Map<string, string>();
  for (const scm of ir.scms) {
    const s = safeIdent(scm.name);
    extra.set(scm.name, `${s}Pass.adjacency`);
    extra.set(`${scm.over}.causal`, `${s}Mean.causal`);
    extra.set(`${scm.over}.masked`, `${s}Mean.masked`);
    const forms = labelForms(ir);
    if (forms.recon) extra.set(`${scm.over}.label_recon`, `${s}LabelRecon`);
    if (forms.scm) extra.set(`${scm.over}.label_scm`, `${s}LabelScm`);
  }
  return lossTermsFunction(
    plan,
    "One forward pass (encoder → ε, SCM, mask layer, decoder) and every loss term for a batch.\n" +
      "ctx.y holds the continuous labels where the data set has them (pendulum concepts), else the factors.\n" +
      "@returns each term (a scalar), the total to minimise, and the term context",
    [...forward.lines, contextStatement(forward, extra, "batch.labels ?? batch.y")],
    `const terms: Record<TermName, tf.Scalar> = {\n${termLines(ir, imports).join("\n")}\n};`,
    objective,
    [{ name: "scms", type: "Scms" }],
  );
}

/** `export type TermName = …`. */
function termNameAlias(ir: ModelIR): StatementStructures {
  const termNames = ir.terms.map((t) => JSON.stringify(t.id)).join(" | ") || "never";
  return {
    kind: StructureKind.TypeAlias,
    name: "TermName",
    isExported: true,
    type: termNames,
    docs: ["Names of the objective's terms."],
  };
}

/** Which label reconstructions the objective reads (only those are computed each step). */
function labelForms(ir: ModelIR): { recon: boolean; scm: boolean } {
  const forms = ir.terms.filter((t) => t.entry === "label_align").map((t) => t.args["form"]?.value);
  return { recon: forms.includes("label_recon"), scm: forms.includes("label_scm") };
}
