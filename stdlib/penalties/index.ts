/** The penalties (loss terms) of the standard library. */
import type { PenaltyDef } from "../types.js";
import { capacity } from "./capacity.js";
import { dag } from "./dag.js";
import { denoise } from "./denoise.js";
import { dimwiseKl } from "./dimwise-kl.js";
import { dip } from "./dip.js";
import { gan } from "./gan.js";
import { info } from "./info.js";
import { kl } from "./kl.js";
import { l1 } from "./l1.js";
import { labelAlign } from "./label-align.js";
import { mutualInfo } from "./mutual-info.js";
import { recon } from "./recon.js";
import { totalCorrelation } from "./total-correlation.js";

export const penalties: readonly PenaltyDef[] = [
  recon,
  kl,
  capacity,
  totalCorrelation,
  mutualInfo,
  dimwiseKl,
  dip,
  info,
  gan,
  dag,
  l1,
  labelAlign,
  denoise,
];
