/**
 * disc's standard library: every entry by its camelCase name, the registry, and the public types
 * user extensions are written against.
 */
export * from "./types.js";
export {
  createRegistry,
  registry,
  builtinEntries,
  ENTRY_KINDS,
  type Registry,
} from "./registry.js";
export { formatList, type ListGroup } from "./list.js";
export { renderStdlibMarkdown } from "./reference-doc.js";
export { STDLIB_ISSUE_CODES } from "./issues.js";

// penalties
export { recon } from "./penalties/recon.js";
export { kl } from "./penalties/kl.js";
export { capacity, capacityAt } from "./penalties/capacity.js";
export { totalCorrelation } from "./penalties/total-correlation.js";
export { mutualInfo } from "./penalties/mutual-info.js";
export { dimwiseKl } from "./penalties/dimwise-kl.js";
export { dip, dipRegularizer, populationCovariance } from "./penalties/dip.js";
export { info, infoLogQ, priorEntropy } from "./penalties/info.js";
export { gan, ganGeneratorLoss, ganDiscriminatorLoss, type GanLoss } from "./penalties/gan.js";
export { dag } from "./penalties/dag.js";
export { l1, adjacencyL1 } from "./penalties/l1.js";
export { labelAlign, labelAlignment, labelScmLoss } from "./penalties/label-align.js";
export { denoise, linearBetas, alphaBars, edmPreconditioning } from "./penalties/denoise.js";
export {
  permuteDims,
  buildDiscriminator,
  createDiscriminatorState,
  densityRatioTc,
  discriminatorLoss,
  type DiscriminatorState,
} from "./penalties/factor-discriminator.js";
export { penalties } from "./penalties/index.js";

// math
export {
  gaussianLogDensity,
  gaussianLogDensityScalar,
  gaussianKl,
  gaussianKlPerExample,
} from "./math/gaussian.js";
export {
  minibatchLogDensities,
  tcDecomposition,
  mssLogWeights,
  mssWeightsArray,
  type MinibatchEstimator,
} from "./math/minibatch.js";
export { dagPolynomial, dagExponential } from "./math/dag.js";
export {
  sharedQuantities,
  sharedValue,
  sharedLogDensities,
  type SharedQuantities,
} from "./math/shared.js";

// likelihoods
export { bernoulli, bernoulliNll } from "./likelihoods/bernoulli.js";
export { gaussian, gaussianNll } from "./likelihoods/gaussian.js";
export { laplace, laplaceNll } from "./likelihoods/laplace.js";
export { likelihoods } from "./likelihoods/index.js";

// distributions
export { normal } from "./distributions/normal.js";
export { categorical } from "./distributions/categorical.js";
export { uniform } from "./distributions/uniform.js";
export { distributions } from "./distributions/index.js";

// optimizers
export { adam } from "./optimizers/adam.js";
export { adamw, adamWOptimizerClass, type AdamWOptimizer } from "./optimizers/adamw.js";
export { rmsprop } from "./optimizers/rmsprop.js";
export { sgd } from "./optimizers/sgd.js";
export { optimizers, optimizerCallArgs } from "./optimizers/index.js";

// schedules
export { anneal } from "./schedules/anneal.js";
export { warmup } from "./schedules/warmup.js";
export { constant } from "./schedules/constant.js";
export { schedules } from "./schedules/index.js";

// datasets
export { dsprites, DSPRITES_FACTORS } from "./datasets/dsprites.js";
export { mnist } from "./datasets/mnist.js";
export { fashionMnist } from "./datasets/fashion-mnist.js";
export { pendulum, PENDULUM_FACTORS } from "./datasets/pendulum.js";
export { datasets } from "./datasets/index.js";

// metrics
export { mig } from "./metrics/mig.js";
export { betaVaeScore } from "./metrics/beta-vae-score.js";
export { factorVaeScore } from "./metrics/factor-vae-score.js";
export { dci } from "./metrics/dci.js";
export { sap } from "./metrics/sap.js";
export { modularity } from "./metrics/modularity.js";
export { explicitness } from "./metrics/explicitness.js";
export { gaussianTc } from "./metrics/gaussian-tc.js";
export { metrics } from "./metrics/index.js";

// networks (built by the networks owner)
export * from "./networks/index.js";
