/**
 * IR → one TypeScript training program, built from ts-morph structures with writer bodies and
 * formatted by one prettier pass. The program imports only `@tensorflow/tfjs`, `disc/runtime`
 * and `disc/stdlib` (plus the user modules named by `use`). Reads the IR and, for the forward
 * order and the objective, the plan (compiler/plan/). The arguments, sizes, weights and settings
 * the code reads come from its one `hyperparameters` constant (hyperparameters.ts); the resolved
 * spec is not in the program but beside it, `<model>.spec.json` (the driver writes it), read by
 * `resolvedSpec`.
 */
import {
  Project,
  StructureKind,
  VariableDeclarationKind,
  type StatementStructures,
} from "ts-morph";
import * as prettier from "prettier";
import type { ModelIR } from "../ir/types.js";
import type { TrainingPlan } from "../plan/types.js";
import { ImportMap } from "./imports.js";
import { entryImport } from "./entry-import.js";
import { hyperparametersLiteral, networkArgs, networkShapes, prop } from "./hyperparameters.js";
import { RUNTIME } from "./emit-forward.js";
import { BACKBONE_EMITTERS } from "./backbones.js";
import { safeIdent } from "./names.js";
import { resolvedSpecLines } from "./resolved-spec.js";

/** A property name in an object literal. */
const propKey = (name: string): string =>
  /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);

export interface EmitOptions {
  /** disc's version, printed in the header. */
  readonly discVersion: string;
  /**
   * The import specifier, relative to where the trainer is written, of a `use` module given as
   * written in the spec (TermIR.module). Default: the path as written, `.ts` → `.js` (right when
   * the trainer is written next to the spec). The CLI passes compiler/extend's `moduleSpecifier`.
   */
  readonly resolveModule?: (usePath: string) => string;
}

/** `ir` with each user term's `module` replaced by its import specifier (for imports only). */
function withImportSpecifiers(ir: ModelIR, resolveModule: EmitOptions["resolveModule"]): ModelIR {
  if (!ir.terms.some((t) => t.module !== undefined)) return ir;
  const spec = resolveModule ?? ((p: string) => p.replace(/\.ts$/, ".js"));
  return {
    ...ir,
    terms: ir.terms.map((t) => (t.module === undefined ? t : { ...t, module: spec(t.module) })),
  };
}

/** Backbones the TypeScript target can train today. */
export const EMITTABLE_BACKBONES: readonly string[] = Object.keys(BACKBONE_EMITTERS);

/**
 * Emits the trainer for `ir`. Throws an Error for a backbone this target cannot emit yet
 * (the driver turns it into a DIS4002 diagnostic) or for an inconsistent IR (a bug: DIS4001).
 */
export async function emitTrainer(
  ir: ModelIR,
  plan: TrainingPlan,
  options: EmitOptions,
): Promise<string> {
  const imports = new ImportMap();
  imports.namespace("@tensorflow/tfjs", "tf");
  const emitBackbone = BACKBONE_EMITTERS[ir.backbone];
  if (!emitBackbone) throw new Error(`the ${ir.backbone} backbone has no TypeScript emitter`);
  const networks = buildNetworks(ir, imports);
  const backbone = emitBackbone(withImportSpecifiers(ir, options.resolveModule), plan, imports);
  const specFile = specFileName(ir.name);
  const statements: (string | StatementStructures)[] = [
    "\n", // a blank line after the imports
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      docs: [
        "Every value the training run depends on: edit them here, not in the functions below. Each run's\n" +
          `config.json records them, and the resolved spec with them written in (\`resolvedSpec\`).`,
      ],
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        {
          name: "hyperparameters",
          initializer: hyperparametersLiteral(ir, backbone.weights, backbone.hyperparameters),
        },
      ],
    },
    {
      kind: StructureKind.TypeAlias,
      name: "Hyperparameters",
      isExported: true,
      type: "typeof hyperparameters",
    },
    {
      kind: StructureKind.Function,
      name: "resolvedSpec",
      isExported: true,
      docs: [
        "The resolved spec, the compiler's IR with every value and where it came from: the file\n" +
          `\`${specFile}\` beside this one, with \`hp\` written in (an edited value says \`from: "hyperparameters"\`).`,
      ],
      parameters: [{ name: "hp", type: "Hyperparameters", initializer: "hyperparameters" }],
      returnType: imports.use(RUNTIME, "ModelIR", true),
      statements: [
        `return ${imports.use(RUNTIME, "loadResolvedSpec")}(import.meta.url, ${JSON.stringify(specFile)}, hp, networkShapes(hp));`,
      ],
    },
    networksInterface(ir),
    networkShapesFunction(ir),
    networks,
    ...backbone.statements,
  ];
  imports.use(RUNTIME, "runIfMain");
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile(`${ir.name}.trainer.ts`, {
    statements: [
      header(ir, options),
      ...imports
        .structures()
        .map((s): StatementStructures => ({ ...s, kind: StructureKind.ImportDeclaration })),
      ...statements,
      "await runIfMain(import.meta.url, train);",
    ],
  });
  return prettier.format(file.getFullText(), { parser: "typescript", printWidth: 100 });
}

function header(ir: ModelIR, options: EmitOptions): string {
  const spec = resolvedSpecLines(ir).map((l) => ` * ${l}`.trimEnd());
  return [
    "/**",
    ` * ${ir.name} — training program generated by disc ${options.discVersion}.`,
    ` * Source: ${ir.source.file} (sha256 ${ir.source.sha256})`,
    " * Regenerate with `disc compile`; run with `disc train` or `npx tsx <this file> --out DIR`",
    " * (where this file can import `disc`: in disc's repository, or in a project that installed it).",
    " *",
    " * Resolved spec (value, then where it came from):",
    ...spec,
    " */",
  ].join("\n");
}

function networksInterface(ir: ModelIR): StatementStructures {
  return {
    kind: StructureKind.Interface,
    name: "Networks",
    isExported: true,
    docs: ["The model's networks by declared name."],
    properties: ir.networks.map((n) => ({
      name: safeIdent(n.name),
      isReadonly: true,
      type: "tf.LayersModel",
      docs: [
        `${n.role} ${n.arch}: ${n.inputs.join(", ")} -> ${n.outputs.join(", ")}; [${n.inputShape}] -> [${n.outputShape}]`,
      ],
    })),
  };
}

/** `networkShapes(hp)`: each network's input and output shape, latent widths from `hp.latents`. */
function networkShapesFunction(ir: ModelIR): StatementStructures {
  const lines = ir.networks.map((n) => {
    const s = networkShapes(ir, n);
    const cond = s.conditionSize === undefined ? "" : `, conditionSize: ${s.conditionSize}`;
    return `${propKey(n.name)}: { input: ${s.input}, output: ${s.output}${cond} },`;
  });
  return {
    kind: StructureKind.Function,
    name: "networkShapes",
    isExported: true,
    docs: [
      "Each network's input and output shape without the batch: [H, W, C] images, [D] vectors (a Gaussian\n" +
        "encoder gives mu ‖ logvar, 2·D), the widths of latents read from `hp.latents`.",
    ],
    parameters: [{ name: "hp", type: "Hyperparameters", initializer: "hyperparameters" }],
    statements: [`return {\n${lines.join("\n")}\n};`],
  };
}

function buildNetworks(ir: ModelIR, imports: ImportMap): StatementStructures {
  const lines = ir.networks.map((n, i) => {
    const arch = entryImport(imports, n.arch);
    const built = `${arch}.build(${networkArgs(n)}, shapes${prop(n.name)}, hp.seed + ${i + 1})`;
    const posterior = n.outputs.some((o) =>
      ir.variables.some((v) => v.name === o && v.hasPosterior),
    );
    // An encoder of a Gaussian posterior ends in the registered GaussianParams head (clamped logvar).
    const net = posterior ? `${imports.use(RUNTIME, "withGaussianHead")}(${built})` : built;
    return `${safeIdent(n.name)}: ${net},`;
  });
  return {
    kind: StructureKind.Function,
    name: "buildNetworks",
    isExported: true,
    docs: [
      "Builds every network from `hp.networks` and `networkShapes(hp)`, initialisers seeded from `hp.seed`.",
    ],
    parameters: [{ name: "hp", type: "Hyperparameters", initializer: "hyperparameters" }],
    returnType: "Networks",
    statements: ["const shapes = networkShapes(hp);", `return {\n${lines.join("\n")}\n};`],
  };
}

/** The name of the resolved spec written beside `<model>.trainer.ts`. */
export function specFileName(model: string): string {
  return `${model}.spec.json`;
}
