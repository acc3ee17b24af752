/** Network architectures of the standard library (one file per entry). */
import type { NetworkDef } from "../types.js";
import { conv28 } from "./conv28.js";
import { conv64 } from "./conv64.js";
import { deconv28 } from "./deconv28.js";
import { deconv64 } from "./deconv64.js";
import { mlp } from "./mlp.js";
import { unet } from "./unet.js";

export { conv28, conv64, deconv28, deconv64, mlp, unet };
export { NetworkArgError, TRUNK_LAYER } from "./common.js";

export const networks: readonly NetworkDef[] = [mlp, conv64, deconv64, conv28, deconv28, unet];
