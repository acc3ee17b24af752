/**
 * The VAE-family back end: `lossTerms` (forward pass, each term, the objective), `encode`,
 * `decode` and `train` for models whose networks are encoders and decoders with a likelihood.
 * The forward order and the objective come from the plan; the rest reads the IR.
 */
import { StructureKind, type StatementStructures } from "ts-morph";
import type { ModelIR } from "../ir/types.js";
import type { TrainingPlan } from "../plan/types.js";
import type { BackboneEmission } from "./backbones.js";
import type { ImportMap } from "./imports.js";
import { entryImport } from "./entry-import.js";
import { argsLiteral } from "./literals.js";
import { planForward, RUNTIME, STDLIB } from "./emit-forward.js";
import { printObjective } from "./emit-objective.js";
import { latentSize, termArgs } from "./hyperparameters.js";
import { safeIdent } from "./names.js";

/** Statements after `buildNetworks` for a VAE-family model, and the objective's named weights. */
export function emitVae(ir: ModelIR, plan: TrainingPlan, imports: ImportMap): BackboneEmission {
  const forward = planForward(ir, plan, imports);
  const objective = printObjective(plan.objective, imports);
  return {
    weights: objective.weights,
    statements: [
      ...lossFunctions(ir, plan, forward, objective.code, imports),
      trainFunction(ir, forward, imports),
    ],
  };
}

/**
 * `const context: TermContext = {…}` for a forward plan; `extra` holds (ctx.extra key → TS
 * expression) pairs and `y` the expression bound to ctx.y.
 */
export function contextStatement(
  forward: ReturnType<typeof planForward>,
  extra: ReadonlyMap<string, string> = new Map(),
  y = "batch.y",
): string {
  const record = (m: ReadonlyMap<string, string>): string =>
    `{ ${[...m].map(([k, v]) => `${safeIdent(k)}: ${v}`).join(", ")} }`;
  const extraLiteral = `{${[...extra].map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(", ")}}`;
  return [
    "const context: TermContext = {",
    `x: batch.x, y: ${y},`,
    `latents: ${record(forward.latents)},`,
    `outputs: ${record(forward.outputs)},`,
    `likelihoods: ${record(forward.likelihoods)},`,
    `step, batchSize, datasetSize, extra: ${extraLiteral},`,
    "shared: sharedQuantities(), // values several terms read (e.g. MSS log-densities), computed once a step",
    "};",
  ].join("\n");
}

/** The entries of the `terms` record: `id: entry.compute(context, args[, state]),`, each with a comment. */
export function termLines(ir: ModelIR, imports: ImportMap): string[] {
  return ir.terms.map((t) => {
    const entry = entryImport(imports, t.entry, t.module);
    const state = t.updates.includes("own") ? `, states.${safeIdent(t.id)}` : "";
    return `// ${t.entry} (${t.from}); gradient updates: ${t.updates.join(" + ")}\n${safeIdent(t.id)}: ${entry}.compute(context, ${termArgs(ir, t)}${state}),`;
  });
}

function lossFunctions(
  ir: ModelIR,
  plan: TrainingPlan,
  forward: ReturnType<typeof planForward>,
  objective: string,
  imports: ImportMap,
): StatementStructures[] {
  imports.use(RUNTIME, "Batch", true);
  imports.use(RUNTIME, "Rng", true);
  imports.use(STDLIB, "TermContext", true);
  imports.use(STDLIB, "TermState", true);
  imports.use(STDLIB, "sharedQuantities");
  const context = contextStatement(forward);
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
      plan,
      "One forward pass and every loss term for a batch.\n" +
        "@param step optimizer steps taken so far (schedules read it)\n" +
        "@param datasetSize N, the number of training examples (from the data, never a weight)\n" +
        "@returns each term (a scalar, nats where it is a log-density), the total to minimise, and the term context",
      [...forward.lines, context],
      `const terms: Record<TermName, tf.Scalar> = {\n${terms.join("\n")}\n};`,
      objective,
    ),
    encodeFunction(forward, imports),
    decodeFunction(forward, imports),
  ];
}

/** `encode(nets, x)`: the main latent's Gaussian posterior from its encoder (shared with the diffusion back end). */
export function encodeFunction(
  forward: ReturnType<typeof planForward>,
  imports: ImportMap,
): StatementStructures {
  const split = imports.use(RUNTIME, "splitGaussian");
  const e = forward.encoder;
  return {
    kind: StructureKind.Function,
    name: "encode",
    isExported: true,
    docs: [
      "The posterior of the main latent: x [B, H, W, C] → { mu, logvar } [B, D]. Throws when the model has no encoder.",
    ],
    parameters: [
      { name: "nets", type: "Networks" },
      { name: "x", type: "tf.Tensor4D" },
    ],
    returnType: "{ mu: tf.Tensor2D; logvar: tf.Tensor2D }",
    statements: e
      ? [
          `return ${split}(nets.${safeIdent(e.net.name)}.apply(x, { training: false }) as tf.Tensor2D);`,
        ]
      : [`throw new Error("this model has no encoder");`],
  };
}

function decodeFunction(
  forward: ReturnType<typeof planForward>,
  imports: ImportMap,
): StatementStructures {
  const d = forward.decoder;
  const lik = d?.net.likelihood;
  return {
    kind: StructureKind.Function,
    name: "decode",
    isExported: true,
    docs: [
      "The mean of p(x|z): z [B, D] → images [B, H, W, C] in [0, 1]. Throws when the model has no decoder.",
    ],
    parameters: [
      { name: "nets", type: "Networks" },
      { name: "z", type: "tf.Tensor2D" },
    ],
    returnType: "tf.Tensor4D",
    statements:
      d && lik
        ? [
            `const params = nets.${safeIdent(d.net.name)}.apply(z, { training: false }) as tf.Tensor4D;`,
            `return ${entryImport(imports, lik.name)}.mean(params, ${argsLiteral(lik.args)});`,
          ]
        : [`throw new Error("this model has no decoder with a likelihood");`],
  };
}

/** `train(options)`: backend, data, the loop, then finishRun over encode/decode (shared with the diffusion back end). */
/** Where a backbone's train() differs from the VAE's (causal_vae: its SCMs travel with the networks). */
export interface TrainCustom {
  /** Statements after `const nets = buildNetworks(hp);`. */
  readonly setup: string[];
  /** The TrainerSpec.networks expression (VAE: `{ ...nets }`). */
  readonly networks: string;
  /** The leading arguments of lossTerms / encode / decode (VAE: `nets`). */
  readonly args: string;
}

/**
 * `train(options)`: backend, data, networks, optimizer, term states, the loop, periodic and final
 * evaluation. `custom` lets the causal and diffusion back ends change the leading arguments.
 */
export function trainFunction(
  ir: ModelIR,
  forward: ReturnType<typeof planForward>,
  imports: ImportMap,
  custom: TrainCustom = { setup: [], networks: "{ ...nets }", args: "nets" },
): StatementStructures {
  const a = custom.args;
  const main = ir.train.optimizers.find((o) => o.target === "main");
  const optimizer = entryImport(imports, main?.entry ?? "adam");
  for (const name of ["selectBackend", "loadDataset", "runTraining", "finishRun"])
    imports.use(RUNTIME, name);
  imports.use(RUNTIME, "TrainOptions", true);
  imports.use(RUNTIME, "RunResult", true);
  const states = ir.terms
    .filter((t) => t.updates.includes("own"))
    .map(
      (t) =>
        `${safeIdent(t.id)}: ${imports.use(RUNTIME, "createTermState")}(${entryImport(imports, t.entry, t.module)}, ${termArgs(ir, t)}, info),`,
    );
  // the `use` modules' penalties: the loop reads their diagnostics and negative-estimate notes
  const modulePenalties = [
    ...new Set(
      ir.terms.flatMap((t) =>
        t.module !== undefined ? [entryImport(imports, t.entry, t.module)] : [],
      ),
    ),
  ];
  const latent = forward.encoder?.latent;
  // `evaluate every N { metrics }`: scored during training (metrics.jsonl) by the loop's hook
  const periodic = latent !== undefined && ir.evaluate !== null && ir.evaluate.metrics.length > 0;
  if (periodic) for (const name of ["periodicEvaluation", "arrayCodec"]) imports.use(RUNTIME, name);
  return {
    kind: StructureKind.Function,
    name: "train",
    isExported: true,
    isAsync: true,
    docs: [
      "Trains the model: picks the backend, loads the data, runs the loop, then writes pictures and metrics into `options.outDir`.",
    ],
    parameters: [{ name: "options", type: "TrainOptions" }],
    returnType: "Promise<RunResult>",
    statements: [
      "const hp = hyperparameters;",
      `const backend = await selectBackend(options.backend ?? "auto", { quiet: options.quiet });`,
      `const dataset = await loadDataset(${JSON.stringify(ir.data.dataset)}, hp.data);`,
      "const nets = buildNetworks(hp);",
      ...custom.setup,
      `const optimizer = ${optimizer}.create(hp.optimizer);`,
      ...(states.length > 0
        ? [
            "const info = { batchSize: hp.batchSize, datasetSize: dataset.size, variableSizes: hp.latents, seed: hp.seed };",
          ]
        : []),
      `const states: Record<string, TermState> = {\n${states.join("\n")}\n};`,
      "const spec = resolvedSpec(hp);",
      ...(periodic && latent
        ? [
            `const codec = arrayCodec((x) => encode(${a}, x), (z) => decode(${a}, z), dataset.imageShape, ` +
              `${latentSize(latent.name)});`,
            "const periodic = periodicEvaluation(spec.evaluate, dataset, codec.encodeArrays, options.evaluate !== false);",
          ]
        : []),
      "const result = await runTraining(",
      `{ name: ${JSON.stringify(ir.name)}, config: { spec, hyperparameters: hp, backend },`,
      "seed: hp.seed, steps: hp.steps, logEvery: hp.logEvery, checkpointEvery: hp.checkpointEvery, clipNorm: hp.clipNorm,",
      `networks: ${custom.networks}, optimizer, termStates: states, data: { dataset, batchSize: hp.batchSize },${modulePenalties.length > 0 ? ` penalties: [${modulePenalties.join(", ")}],` : ""}`,
      `loss: (batch, step, rng) => lossTerms(${a}, batch, step, rng, dataset.size, states, hp)${periodic ? ", evaluate: periodic" : ""} },`,
      "options);",
      latent
        ? `await finishRun({ outDir: result.outDir, dataset, latentSize: ${latentSize(latent.name)}, evaluate: spec.evaluate, encode: (x) => encode(${a}, x), decode: (z) => decode(${a}, z), quiet: options.quiet, skipMetrics: options.evaluate === false${periodic ? ", periodic, step: result.steps" : ""} });`
        : "// no encoder: no reconstructions or traversals",
      "return result;",
    ],
  };
}

/**
 * The exported `lossTerms(nets, [scms,] batch, step, rng, datasetSize, states, hp)` of every
 * VAE-family backend: `body` binds `context`, then the terms, the objective and the return.
 */
export function lossTermsFunction(
  plan: TrainingPlan,
  doc: string,
  body: readonly string[],
  termsStatement: string,
  objective: string,
  extraParams: readonly { name: string; type: string }[] = [],
): StatementStructures {
  return {
    kind: StructureKind.Function,
    name: "lossTerms",
    isExported: true,
    docs: [doc],
    parameters: [
      { name: "nets", type: "Networks" },
      ...extraParams,
      { name: "batch", type: "Batch" },
      { name: "step", type: "number" },
      { name: "rng", type: "Rng" },
      { name: "datasetSize", type: "number" },
      { name: "states", type: "Readonly<Record<string, TermState>>", initializer: "{}" },
      { name: "hp", type: "Hyperparameters", initializer: "hyperparameters" },
    ],
    returnType: "{ terms: Record<TermName, tf.Scalar>; total: tf.Scalar; context: TermContext }",
    statements: [
      ...body,
      termsStatement,
      `// objective (minimised): ${plan.objective.formula}`,
      `const total = ${objective};`,
      "return { terms, total, context };",
    ],
  };
}
