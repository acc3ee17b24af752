/** The data sets of the standard library (metadata; loading lives in runtime/data). */
import type { DatasetDef } from "../types.js";
import { dsprites } from "./dsprites.js";
import { fashionMnist } from "./fashion-mnist.js";
import { mnist } from "./mnist.js";
import { pendulum } from "./pendulum.js";

export const datasets: readonly DatasetDef[] = [dsprites, mnist, fashionMnist, pendulum];
