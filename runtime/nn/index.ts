/** Neural-network building blocks of the runtime: the Gaussian encoder head, trunk access. */
export {
  GaussianParams,
  LOGVAR_MAX,
  LOGVAR_MIN,
  reparameterize,
  splitGaussian,
  withGaussianHead,
} from "./gaussian-head.js";
export { TRUNK, trunkModel } from "./trunk.js";
