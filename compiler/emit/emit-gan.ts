/**
 * The GAN back end (InfoGAN): noise and code priors, the generator / discriminator / Q-head
 * forward pass, one loss per alternating step (discriminator, then generator) and `train`, with
 * every term's gradient routing stated in the program. It prints the plan: the networks are
 * the plan's forward steps (output `fake`: the generator, whose reads are its inputs in wiring
 * order; `logits` on fakes: the discriminator; `q`: the Q head, whose writes are the codes it
 * predicts), the gan term and its loss are the discriminator phase's, the info terms and their
 * routing are the plan's terms, the objective and the discriminator step's info part come from
 * the plan (compiler/plan/phases.ts), and each step's optimizer is its phase's. The IR gives
 * only what is printed: a network's arch and output shape, a variable's prior and provenance,
 * a term's arguments. Source: Chen et al. 2016 (InfoGAN); openai/InfoGAN infogan_trainer.py;
 * the routing is runtime/train/gan-routing.ts.
 */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from "ts-morph";
import type { ModelIR, NetworkIR, TermIR, VariableIR } from "../ir/types.js";
import type { FoldExpr, NetworkStep, Phase, TermPlan, TrainingPlan } from "../plan/types.js";
import { INFO_ROUTINGS, type InfoRouting } from "../../stdlib/penalties/info.js";
import type { BackboneEmission } from "./backbones.js";
import type { ImportMap } from "./imports.js";
import { tsLiteral } from "./literals.js";
import { latentSize, priorArgs, prop, sizeSum, termArg, termArgs } from "./hyperparameters.js";
import { RUNTIME, STDLIB } from "./emit-forward.js";
import { objectiveCode, printObjective } from "./emit-objective.js";
import { camelCase, safeIdent } from "./names.js";

/** The GAN as the plan lays it out, with the IR declarations the program prints. */
interface GanShape {
  readonly generator: NetworkIR;
  readonly discriminator: NetworkIR;
  readonly head: NetworkIR | undefined;
  /** Generator inputs in wiring order. */
  readonly inputs: readonly VariableIR[];
  /** The Q head's output per code, in order: the code and its width in sizes (2: mean ‖ log-variance). */
  readonly qSlices: readonly (readonly [VariableIR, number])[];
  readonly ganTerm: TermIR;
  /** The gan loss the discriminator phase trains with. */
  readonly ganLoss: string;
  readonly infoTerms: readonly TermPlan[];
  readonly routing: InfoRouting;
  /** The info part of the objective the discriminator step also carries (`official`), or null. */
  readonly plus: FoldExpr | null;
  readonly discriminatorPhase: Phase;
  readonly generatorPhase: Phase;
}

/** A bug: the checker (check-gan.ts, check-gan-wiring.ts) and the plan guarantee `what`. */
function internal(what: string): never {
  throw new Error(`internal: ${what}`);
}

/** Reads the GAN's structure from `plan`; the IR is looked up by name for what is printed. */
function ganShape(ir: ModelIR, plan: TrainingPlan): GanShape {
  const step = (output: NetworkStep["output"]) =>
    plan.forward.find(
      (s): s is NetworkStep => s.kind === "network" && s.output === output && !s.phases,
    );
  const network = (s: NetworkStep) =>
    ir.networks.find((n) => n.name === s.network) ?? internal(`the IR has no network ${s.network}`);
  const variable = (name: string) =>
    ir.variables.find((v) => v.name === name) ?? internal(`the IR has no variable ${name}`);
  const g = step("fake") ?? internal("the plan has no generator step");
  const d = step("logits") ?? internal("the plan has no discriminator step");
  const q = step("q");
  // the discriminator phase minimises the gan term's discriminator loss, the generator's the objective
  const dPhase = plan.phases.find((p) => p.loss.kind === "gan_discriminator");
  const gPhase = plan.phases.find((p) => p.kind === "gradient" && p.loss.kind === "objective");
  if (dPhase?.loss.kind !== "gan_discriminator")
    return internal("the plan has no discriminator phase");
  if (!gPhase) return internal("the plan has no generator phase");
  const { term, loss, plus } = dPhase.loss;
  const inputs = g.reads.map((r) => {
    const name = /^latents\.(.+)\.sample$/.exec(r)?.[1];
    return name === undefined
      ? internal(`the generator reads ${r}, not a latent sample`)
      : variable(name);
  });
  const infoTerms = plan.terms.filter((t) => t.entry === "info");
  const routing = String(infoTerms[0]?.args["routing"] ?? "paper") as InfoRouting;
  // a continuous code with info(c, std: learned) takes mean ‖ log-variance: twice its size
  const learned = new Set(
    infoTerms.filter((t) => t.args["std"] === "learned").map((t) => String(t.args["code"])),
  );
  const qSlices = (q?.writes ?? []).map((w) => {
    const v = variable(w.replace(/^outputs\./, ""));
    return [v, learned.has(v.name) && v.distribution !== "categorical" ? 2 : 1] as const;
  });
  return {
    generator: network(g),
    discriminator: network(d),
    head: q ? network(q) : undefined,
    inputs,
    qSlices,
    ganTerm: ir.terms.find((t) => t.id === term) ?? internal(`the IR has no term ${term}`),
    ganLoss: loss,
    infoTerms,
    routing,
    plus,
    discriminatorPhase: dPhase,
    generatorPhase: gPhase,
  };
}

/** Human-readable routing of each term, for comments and the run's config. */
function routingLines(plan: GanShape): string[] {
  const r = INFO_ROUTINGS[plan.routing];
  const lines = [
    `${plan.ganTerm.id} (${plan.ganTerm.entry}): discriminator step → discriminator_trunk + discriminator_head (discriminator loss); generator step → generator (generator loss)`,
  ];
  for (const t of plan.infoTerms) {
    const steps = plan.plus
      ? "discriminator step (q_head + discriminator_trunk) and generator step (generator)"
      : "generator step (generator + q_head)";
    lines.push(
      `${t.id} (info, routing ${plan.routing}): −λ·L_I updates ${r.updates.join(" + ")} via the ${steps}`,
    );
  }
  return lines;
}

/** Statements after `buildNetworks` for a GAN, and the objective's named weights. */
export function emitGan(
  ir: ModelIR,
  trainingPlan: TrainingPlan,
  imports: ImportMap,
): BackboneEmission {
  const plan = ganShape(ir, trainingPlan);
  const objective = printObjective(trainingPlan.objective, imports);
  // the discriminator step's share of the objective (the objective with the gan term at 0)
  const infoPart = plan.plus === null ? "" : objectiveCode(plan.plus, imports);
  for (const n of ["Batch", "Rng", "GanInputSlot", "TrainOptions", "RunResult"])
    imports.use(RUNTIME, n, true);
  imports.use(STDLIB, "TermContext", true);
  const concat = imports.use(RUNTIME, "concatFeatures");
  const routing = routingLines(plan);
  const r = INFO_ROUTINGS[plan.routing];
  const hasInfo = plan.infoTerms.length > 0;
  const carriesInfo = plan.plus !== null;
  const konst = (name: string, docs: string, init: string, type?: string): StatementStructures => ({
    kind: StructureKind.VariableStatement,
    isExported: true,
    docs: [docs],
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name, ...(type ? { type } : {}), initializer: init }],
  });
  const offset = plan.inputs.reduce((s, v) => s + v.size, 0);
  const layout = plan.inputs.map((v, i) => {
    const before = sizeSum(plan.inputs.slice(0, i).map((u) => [u, 1] as const));
    return `{ name: ${JSON.stringify(v.name)}, role: ${JSON.stringify(v.role)}, distribution: ${JSON.stringify(v.distribution)}, offset: ${before}, size: ${latentSize(v.name)} }`;
  });
  // each step's optimizer is its phase's, in hp.optimizers under the network it trains
  const optimizerOf = (p: Phase) => p.optimizer ?? internal(`the ${p.name} phase has no optimizer`);
  const gOpt = optimizerOf(plan.generatorPhase);
  const dOpt = optimizerOf(plan.discriminatorPhase);
  const optimizers = new Map([
    [plan.generator.name, gOpt.args],
    [plan.discriminator.name, dOpt.args],
  ]);
  const optimizerArgs = (n: NetworkIR) => `hp.optimizers${prop(n.name)}`;
  const latentsType = `{ ${plan.inputs.map((v) => `${safeIdent(v.name)}: tf.Tensor2D`).join("; ")} }`;
  const draws = plan.inputs.map(
    (v) =>
      `// ${v.role} ${v.name} ~ ${v.distribution} (${v.from})\n${safeIdent(v.name)}: ${imports.use(STDLIB, camelCase(v.distribution))}.sample(n, p${prop(v.name)}.args, seed()),`,
  );
  const genInput = `${concat}([${plan.inputs.map((v) => `latents.${safeIdent(v.name)}`).join(", ")}])`;
  const g = safeIdent(plan.generator.name);
  const q = plan.head ? safeIdent(plan.head.name) : undefined;
  const qType = `{ ${plan.qSlices.map(([v]) => `${safeIdent(v.name)}: tf.Tensor2D`).join("; ")} }`;
  // each code's slice of the Q head's output, [offset, width] from hp.latents (2·D for a learned std)
  const qSlices = plan.qSlices.map(
    ([v, f], i) => [v.name, sizeSum(plan.qSlices.slice(0, i)), sizeSum([[v, f]])] as const,
  );
  const terms = trainingPlan.terms.map((p) => {
    const t = ir.terms.find((x) => x.id === p.id) ?? internal(`the IR has no term ${p.id}`);
    const info = plan.infoTerms.findIndex((x) => x.id === p.id);
    const why = p.id === plan.ganTerm.id ? routing[0] : routing[info + 1];
    return `// ${t.from}: ${why}\n${safeIdent(t.id)}: ${imports.use(STDLIB, camelCase(t.entry))}.compute(context, ${termArgs(ir, t)}),`;
  });
  const termNames = trainingPlan.terms.map((t) => JSON.stringify(t.id)).join(" | ");
  const ganLoss =
    plan.ganTerm.args["loss"] === undefined
      ? JSON.stringify(plan.ganLoss)
      : `${termArg(ir, plan.ganTerm, "loss")} as ${imports.use(STDLIB, "GanLoss", true)}`;
  const infoIds = plan.infoTerms.map((t) => `${safeIdent(t.id)}: terms.${safeIdent(t.id)}`);
  const fn = (
    name: string,
    docs: string,
    params: [string, string, string?][],
    returnType: string,
    statements: string[],
  ): StatementStructures => ({
    kind: StructureKind.Function,
    name,
    isExported: true,
    docs: [docs],
    parameters: params.map(([n, type, initializer]) => ({
      name: n,
      type,
      ...(initializer ? { initializer } : {}),
    })),
    ...(returnType ? { returnType } : {}),
    statements,
  });
  const stepParams: [string, string, string?][] = [
    ["nets", "Networks"],
    ["dTrunk", "tf.LayersModel"],
    ["batch", "Batch"],
    ["step", "number"],
    ["rng", "Rng"],
    ["datasetSize", "number"],
    ["hp", "Hyperparameters", "hyperparameters"],
  ];
  const statements: StatementStructures[] = [
    fn(
      "generatorInput",
      `The generator's input, noise ‖ codes in wiring order: [B, ${offset}] (sizes from \`hp.latents\`).`,
      [["hp", "Hyperparameters", "hyperparameters"]],
      "readonly GanInputSlot[]",
      [`return [\n${layout.join(",\n")}\n];`],
    ),
    fn(
      "priors",
      "Declared priors of the noise and codes, sizes from `hp.latents` (info reads H(c) from them).",
      [["hp", "Hyperparameters", "hyperparameters"]],
      "",
      [
        `return { ${plan.inputs.map((v) => `${safeIdent(v.name)}: { distribution: ${JSON.stringify(v.distribution)}, args: ${priorArgs(v)} }`).join(", ")} };`,
      ],
    ),
    konst(
      "gradientRouting",
      `Which parameter sets each term's gradient updates (info routing "${plan.routing}"):\n${routing.map((l) => `- ${l}`).join("\n")}`,
      `{ routing: ${JSON.stringify(plan.routing)}, infoUpdates: ${tsLiteral(hasInfo ? [...r.updates] : [])}, discriminatorStepCarriesInfo: ${carriesInfo}, terms: ${tsLiteral(routing)} }`,
      undefined,
    ),
    {
      kind: StructureKind.TypeAlias,
      name: "TermName",
      isExported: true,
      type: termNames,
      docs: ["Names of the objective's terms."],
    },
    fn(
      "sampleLatents",
      "Draws the noise and codes from their priors: each [n, size]; seeds from `seed()`.",
      [
        ["n", "number"],
        ["seed", "() => number"],
        ["hp", "Hyperparameters", "hyperparameters"],
      ],
      latentsType,
      ["const p = priors(hp);", `return {\n${draws.join("\n")}\n};`],
    ),
    fn(
      "generate",
      `The generator's mean image σ(${plan.generator.arch}(noise ‖ codes)) (InfoGAN's MeanBernoulli): [B, ${offset}] → [B, ${plan.generator.outputShape.join(", ")}] in [0, 1].`,
      [
        ["nets", "Networks"],
        ["z", "tf.Tensor2D"],
        ["training", "boolean", "false"],
      ],
      "tf.Tensor4D",
      [`return tf.sigmoid(nets.${g}.apply(z, { training }) as tf.Tensor) as tf.Tensor4D;`],
    ),
    fn(
      "qOutputs",
      `The Q head on discriminator trunk features h [B, F]: per code, logits (categorical) or Gaussian means (‖ log-variances when std is learned).`,
      [
        ["nets", "Networks"],
        ["h", "tf.Tensor"],
        ["training", "boolean", "false"],
        ...(q ? [["hp", "Hyperparameters", "hyperparameters"] as [string, string, string]] : []),
      ],
      qType,
      q
        ? [
            `const out = nets.${q}.apply(h, { training }) as tf.Tensor2D;`,
            `return { ${qSlices.map(([n, o, w]) => `${safeIdent(n)}: tf.slice(out, [0, ${o}], [-1, ${w}])`).join(", ")} };`,
          ]
        : ["return {};"],
    ),
    fn(
      "lossTerms",
      "One forward pass: fresh noise and codes, fakes, the discriminator on fakes (and on the real batch when `real`), Q on the fakes' trunk features, and every term (scalars, nats).",
      [...stepParams.slice(0, 6), ["real", "boolean"], stepParams[6]!],
      "{ terms: Record<TermName, tf.Scalar>; context: TermContext }",
      [
        "const batchSize = batch.x.shape[0];",
        "const latents = sampleLatents(batchSize, () => rng.seed(), hp);",
        `const fake = generate(nets, ${genInput}, true);`,
        "const [fakeTrunk, fakeLogits] = dTrunk.apply(fake, { training: true }) as tf.Tensor[];",
        `const q = qOutputs(nets, fakeTrunk!, true${q ? ", hp" : ""});`,
        "const extra: Record<string, tf.Tensor> = { d_fake_logits: fakeLogits! };",
        "if (real) extra.d_real_logits = (dTrunk.apply(batch.x, { training: true }) as tf.Tensor[])[1]!;",
        "const context: TermContext = {",
        "x: batch.x, y: batch.y,",
        `latents: { ${plan.inputs.map((v) => `${safeIdent(v.name)}: { sample: latents.${safeIdent(v.name)} }`).join(", ")} },`,
        `outputs: { ...q, x: fake }, likelihoods: {}, step, batchSize, datasetSize, extra, priors: priors(hp),`,
        "};",
        `const terms: Record<TermName, tf.Scalar> = {\n${terms.join("\n")}\n};`,
        "return { terms, context };",
      ],
    ),
    fn(
      "discriminatorLoss",
      `The discriminator step's loss (minimised over ${carriesInfo ? "D trunk, D head and Q head" : "D trunk and D head"}).`,
      stepParams,
      "{ terms: Record<string, tf.Scalar>; total: tf.Scalar }",
      [
        `const { ${carriesInfo ? "terms, " : ""}context } = lossTerms(nets, dTrunk, batch, step, rng, datasetSize, true, hp);`,
        `const dLoss = ${imports.use(STDLIB, "ganDiscriminatorLoss")}(context.extra.d_real_logits!, context.extra.d_fake_logits!, ${ganLoss});`,
        carriesInfo
          ? `// routing ${plan.routing}: the discriminator step also carries the info part of the objective,\n// so Q and the shared D trunk are trained on −λ·L_I with D's optimizer (openai/InfoGAN D_loss)\nconst total = tf.add(dLoss, ${infoPart}) as tf.Scalar;`
          : `// routing ${plan.routing}: only the discriminator loss; the info terms reach G and Q in the generator step`,
        carriesInfo ? "" : "const total = dLoss;",
        `return { terms: { d_loss: dLoss${carriesInfo ? `, ${infoIds.join(", ")}` : ""} }, total };`,
      ].filter((l) => l !== ""),
    ),
    fn(
      "generatorLoss",
      `The generator step's loss: the objective (minimised over ${hasInfo && !carriesInfo ? "G and the Q head" : "G"}).`,
      stepParams,
      "{ terms: Record<TermName, tf.Scalar>; total: tf.Scalar }",
      [
        "const { terms } = lossTerms(nets, dTrunk, batch, step, rng, datasetSize, false, hp);",
        `// objective (minimised): ${trainingPlan.objective.formula}`,
        `const total = ${objective.code};`,
        "return { terms, total };",
      ],
    ),
    trainFunction(ir, plan, imports, {
      g: gOpt.entry,
      d: dOpt.entry,
      gArgs: optimizerArgs(plan.generator),
      dArgs: optimizerArgs(plan.discriminator),
      hasInfo,
    }),
  ];
  return { weights: objective.weights, hyperparameters: { optimizers }, statements };
}

function trainFunction(
  ir: ModelIR,
  plan: GanShape,
  imports: ImportMap,
  o: { g: string; d: string; gArgs: string; dArgs: string; hasInfo: boolean },
): StatementStructures {
  const use = (n: string) => imports.use(RUNTIME, n);
  const g = safeIdent(plan.generator.name);
  const d = safeIdent(plan.discriminator.name);
  const heads = plan.head ? `[nets.${safeIdent(plan.head.name)}]` : "[]";
  const categorical = plan.qSlices.filter(
    ([q]) => plan.inputs.find((v) => v.name === q.name)?.distribution === "categorical",
  );
  return {
    kind: StructureKind.Function,
    name: "train",
    isExported: true,
    isAsync: true,
    docs: [
      "Trains the GAN: each step one discriminator update, then one generator update, each on fresh fakes and its own parameter set and optimizer; then writes samples, the InfoGAN code figure and the categorical code's test accuracy into `options.outDir`.",
    ],
    parameters: [{ name: "options", type: "TrainOptions" }],
    returnType: "Promise<RunResult>",
    statements: [
      "const hp = hyperparameters;",
      `const backend = await ${use("selectBackend")}(options.backend ?? "auto", { quiet: options.quiet });`,
      `const dataset = await ${use("loadDataset")}(${JSON.stringify(ir.data.dataset)}, hp.data);`,
      "const nets = buildNetworks(hp);",
      `// the discriminator with its trunk exposed (shared weights): x → [trunk features, real/fake logit]`,
      `const dTrunk = ${use("trunkModel")}(nets.${d});`,
      `// gradient routing "${plan.routing}": the parameter sets (G, D trunk, D head, Q head) and each step's variables`,
      `const sets = ${use("ganParameterSets")}({ generator: nets.${g}, discriminator: nets.${d}, heads: ${heads} });`,
      `const routing = ${use("ganRouting")}(sets, ${JSON.stringify(plan.routing)}, ${o.hasInfo});`,
      `const optimizers = { generator: ${o.gArgs}, discriminator: ${o.dArgs} };`,
      `const generatorOptimizer = ${imports.use(STDLIB, camelCase(o.g))}.create(optimizers.generator);`,
      `const discriminatorOptimizer = ${imports.use(STDLIB, camelCase(o.d))}.create(optimizers.discriminator);`,
      `const result = await ${use("runTraining")}(`,
      `{ name: ${JSON.stringify(ir.name)}, config: { spec: resolvedSpec(hp), hyperparameters: hp, optimizers, gradientRouting: { ...gradientRouting, discriminatorStep: routing.discriminator.sets, generatorStep: routing.generator.sets }, backend },`,
      "seed: hp.seed, steps: hp.steps, logEvery: hp.logEvery, checkpointEvery: hp.checkpointEvery, clipNorm: hp.clipNorm,",
      "networks: { ...nets }, data: { dataset, batchSize: hp.batchSize },",
      "// the main step: the generator update",
      "optimizer: generatorOptimizer, variables: routing.generator.variables,",
      "loss: (batch, step, rng) => generatorLoss(nets, dTrunk, batch, step, rng, dataset.size, hp),",
      "// run first in every step: the discriminator update",
      'phases: [{ name: "discriminator", variables: routing.discriminator.variables, optimizer: discriminatorOptimizer, loss: (batch, step, rng) => discriminatorLoss(nets, dTrunk, batch, step, rng, dataset.size, hp) }] },',
      "options);",
      `await ${use("finishGanRun")}({`,
      "outDir: result.outDir, dataset, layout: generatorInput(hp), quiet: options.quiet, skipMetrics: options.evaluate === false,",
      "sampleInputs: (n, seed) => tf.tidy(() => {",
      "let s = seed;",
      "const latents = sampleLatents(n, () => s++, hp);",
      `return ${imports.use(RUNTIME, "concatFeatures")}([${plan.inputs.map((v) => `latents.${safeIdent(v.name)}`).join(", ")}]).dataSync() as Float32Array;`,
      "}),",
      "generate: (z) => generate(nets, z),",
      categorical.length > 0
        ? "codeLogits: (code, x) => { const h = (dTrunk.apply(x, { training: false }) as tf.Tensor[])[0]!; const out = qOutputs(nets, h, false, hp) as Record<string, tf.Tensor2D>; return out[code]!; },"
        : "// no categorical code: no classifier accuracy",
      "});",
      "return result;",
    ],
  };
}
