/**
 * `epochs` where steps are meant (`steps: 2 epochs`, `over: 0.5 epochs`): one epoch is one pass
 * over the training set, so E epochs are ⌈E · N / B⌉ optimizer steps for a data set of N
 * examples at batch B (the batch stream runs on into the next epoch, runtime/data/batches.ts).
 * N comes from the data set's `examples` (stdlib/types.ts); a data set read from a file
 * (`path:`) has no size before it is read, so there the value must be written in steps
 * (DIS3025, with the arithmetic to do).
 */
import type { Expr } from "../../grammar/ast.js";
import type { CheckContext } from "./context.js";
import type { CheckedData } from "./types.js";

/** What converting epochs needs: the data set's name, its size when known, and the batch. */
export interface EpochBasis {
  readonly dataset: string;
  readonly examples: number | undefined;
  readonly batch: number;
}

/** The basis of a checked data item (undefined without one). */
export function epochBasis(data: CheckedData | null): EpochBasis | undefined {
  if (data === null) return undefined;
  const args = Object.fromEntries(Object.entries(data.call.args).map(([k, v]) => [k, v.value]));
  const batch = args["batch"];
  let examples: number | undefined;
  try {
    examples = data.call.entry.examples?.(args);
  } catch {
    examples = undefined;
  }
  return {
    dataset: data.call.entry.name,
    examples,
    batch: typeof batch === "number" ? batch : 64,
  };
}

const count = (n: number): string => n.toLocaleString("en-US");

/**
 * `epochs` epochs written at `e` as optimizer steps, noting the conversion for the resolved spec
 * (CheckContext.notes); reports DIS3025 and returns undefined when the data set's size is unknown.
 */
export function epochsToSteps(
  ctx: CheckContext,
  e: Expr,
  epochs: number,
  text: string,
  what: string,
): number | undefined {
  const basis = ctx.epochs;
  if (basis?.examples === undefined) {
    const of = basis ? `\`${basis.dataset}\` read from a file` : "a model without a `data` item";
    const batch = basis ? basis.batch : "B";
    ctx.report(
      "DIS3025",
      e.span,
      `${what} is given in epochs, but the size of ${of} is not known before training.`,
      {
        hint: `write it in steps: ${text} epochs of N examples at batch ${batch} are ⌈${text} × N / ${batch}⌉ steps.`,
      },
    );
    return undefined;
  }
  const steps = Math.ceil((epochs * basis.examples) / basis.batch);
  ctx.notes.set(
    e,
    `${text} epochs = ⌈${text} × ${count(basis.examples)} / ${basis.batch}⌉ = ${count(steps)} steps`,
  );
  return steps;
}
