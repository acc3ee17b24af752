/** CausalVAE runtime: exact (I − Aᵀ)⁻¹, the SCM layer (causal + mask + label map), do(z_i = v). */
export { causalInverse, gaussJordanInverse, neumannCausalInverse } from "./inverse.js";
export { ScmLayer, type ScmInit, type ScmOptions, type ScmPass } from "./scm.js";
export { CausalScm, createScm } from "./causal-scm.js";
export { interventionGrid, type InterventionGridOptions } from "./grid.js";
export { PENDULUM_TRUE_EDGES, structuralHammingDistance, thresholdEdges } from "./graph.js";
