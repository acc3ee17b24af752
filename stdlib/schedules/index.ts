/** The weight schedules of the standard library. */
import type { ScheduleDef } from "../types.js";
import { anneal } from "./anneal.js";
import { constant } from "./constant.js";
import { warmup } from "./warmup.js";

export const schedules: readonly ScheduleDef[] = [anneal, warmup, constant];
