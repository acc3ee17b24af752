/** Public API of the data runtime: data sets, loaders, batch streams, RNG. */
export type { Batch, BatchStream, Dataset, Rng } from "./types.js";
export { createRng, shuffle, deriveSeed } from "./rng.js";
export {
  DSPRITES_CLASS_COUNTS,
  DSPRITES_N,
  DSPRITES_STRIDES,
  POS_Y_DOWN,
  renderSprite,
  pool2x2,
  scaleValue,
  orientationValue,
  positionValue,
} from "./dsprites-render.js";
export {
  createDsprites,
  dspritesIndex,
  dspritesClasses,
  DSPRITES_FACTOR_NAMES,
  DSPRITES_FACTOR_SIZES,
} from "./dsprites.js";
export type { DspritesDataset, DspritesFactor, DspritesOptions } from "./dsprites.js";
export { loadDspritesNpz } from "./dsprites-npz.js";
export { parseNpy, parseNpyHeader, readNpy, NpyStreamDecoder } from "./npy.js";
export type { NpyArray, NpyDtype, NpyHeader, NpyData } from "./npy.js";
export { openNpz, readNpz } from "./npz.js";
export type { NpzArchive } from "./npz.js";
export { loadArrays } from "./arrays.js";
export type { ArraysOptions } from "./arrays.js";
export { parseIdx, readIdx } from "./idx.js";
export type { IdxArray } from "./idx.js";
export { loadMnist, loadFashionMnist, mnistDataDir, FASHION_MNIST_DEBIAN_DIR } from "./mnist.js";
export {
  createPendulum,
  pendulumConcepts,
  renderPendulum,
  PENDULUM_ANGLES,
  PENDULUM_LIGHTS,
  PENDULUM_FACTOR_NAMES,
} from "./pendulum.js";
export type { PendulumOptions } from "./pendulum.js";
export {
  createBatchStream,
  createIndexStream,
  sampleFactors,
  observationsFromFactors,
} from "./batches.js";
export type { IndexStream } from "./batches.js";
export { loadDataset, subsetDataset, DATASET_NAMES } from "./load.js";
export type { DatasetName } from "./load.js";
