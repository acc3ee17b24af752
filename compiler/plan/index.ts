/**
 * The plan stage (after compiler/ir/): `planModel(ir, spans)` lowers a resolved model into a
 * target-neutral `TrainingPlan` that the emitters print. See compiler/plan/types.ts.
 */
export { planModel } from "./plan.js";
export { networkOrder } from "./forward.js";
export {
  foldObjective,
  formatObjective,
  planObjective,
  withoutTerm,
  type ObjectiveAlgebra,
} from "./objective.js";
export type * from "./types.js";
