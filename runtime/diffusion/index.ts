/** Diffusion-autoencoder runtime: schedule, noising, DDIM sampling / encoding, EDM variant. */
export {
  alphaBars,
  ddimTimesteps,
  linearBetas,
  linearNoising,
  toModelRange,
  toUnitRange,
  type LinearNoising,
} from "./schedule.js";
export { ddimEncode, ddimSample, type DdimOptions, type EpsFn } from "./ddim.js";
export {
  EDM,
  edmDenoised,
  edmNoiseInput,
  edmNoising,
  edmSample,
  karrasSigmas,
  type EdmNetFn,
  type EdmNoising,
} from "./edm.js";
