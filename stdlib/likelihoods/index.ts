/** The likelihoods of the standard library. */
import type { LikelihoodDef } from "../types.js";
import { bernoulli } from "./bernoulli.js";
import { gaussian } from "./gaussian.js";
import { laplace } from "./laplace.js";

export const likelihoods: readonly LikelihoodDef[] = [bernoulli, gaussian, laplace];
