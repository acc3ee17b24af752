/** The prior distributions of the standard library. */
import type { DistributionDef } from "../types.js";
import { categorical } from "./categorical.js";
import { normal } from "./normal.js";
import { uniform } from "./uniform.js";

export const distributions: readonly DistributionDef[] = [normal, categorical, uniform];
