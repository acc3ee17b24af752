/**
 * What `disc train --resume` lets change in a run that already started: the step target and the
 * learning rates (of the model's optimizers and of terms' own optimizers), the two things a user
 * changes to extend a run or to get a diverged one going again. They do not change what a
 * checkpoint holds (an optimizer's slots do not depend on its learning rate), so the run continues
 * from its checkpoint with the new values. Anything else — a network, a term, a weight, the seed,
 * the data, a --set param — makes it a different run, and the resume is refused.
 */
import type { ModelIR } from "../ir/types.js";
import { onlyFormatChanges } from "../study/fingerprint.js";

/** One safe change: what changed, from, to. */
export interface SafeChange {
  readonly what: string;
  readonly from: number;
  readonly to: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A deep copy of `v` without any `from` (source positions) or `source` (file, sha256) field. */
function withoutProvenance(v: Json): Json {
  if (Array.isArray(v)) return v.map(withoutProvenance);
  if (v === null || typeof v !== "object") return v;
  const out: { [key: string]: Json } = {};
  for (const [k, x] of Object.entries(v))
    if (k !== "from" && k !== "source") out[k] = withoutProvenance(x);
  return out;
}

/** The safe fields of an IR (as JSON), each with a getter and a setter, by description. */
function safeFields(ir: Json): { what: string; get(): unknown; set(v: number): void }[] {
  const out: { what: string; get(): unknown; set(v: number): void }[] = [];
  const obj = (v: Json | undefined) =>
    v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
  const train = obj(obj(ir)?.["train"]);
  const steps = obj(train?.["steps"]);
  if (steps)
    out.push({ what: "steps", get: () => steps["value"], set: (n) => (steps["value"] = n) });
  const optimizers = train?.["optimizers"];
  for (const o of Array.isArray(optimizers) ? optimizers : []) {
    const lr = obj(obj(obj(o)?.["args"])?.["lr"]);
    const target = String(obj(o)?.["target"]);
    if (lr)
      out.push({
        what: `${target} optimizer's lr`,
        get: () => lr["value"],
        set: (n) => (lr["value"] = n),
      });
  }
  const terms = obj(ir)?.["terms"];
  for (const t of Array.isArray(terms) ? terms : []) {
    const opt = obj(obj(obj(obj(t)?.["args"])?.["optimizer"])?.["value"]);
    const args = obj(opt?.["args"]);
    if (args && typeof args["lr"] === "number")
      out.push({
        what: `${String(obj(t)?.["id"])}'s optimizer lr`,
        get: () => args["lr"],
        set: (n) => (args["lr"] = n),
      });
  }
  return out;
}

/**
 * The safe changes from the run's resolved spec `old` (config.json's `spec`) to `next`, or
 * undefined when anything else differs (or `old` is not a resolved spec).
 */
export function safeChanges(old: unknown, next: ModelIR): SafeChange[] | undefined {
  if (old === null || typeof old !== "object") return undefined;
  const a = withoutProvenance(old as Json);
  const b = withoutProvenance(JSON.parse(JSON.stringify(next)) as Json);
  const fa = safeFields(a);
  const fb = safeFields(b);
  if (fa.length !== fb.length || fa.some((f, i) => f.what !== fb[i]!.what)) return undefined;
  const changes: SafeChange[] = [];
  fa.forEach((f, i) => {
    const from = f.get();
    const to = fb[i]!.get();
    if (typeof from !== "number" || typeof to !== "number") return;
    if (from !== to) changes.push({ what: f.what, from, to });
    f.set(to); // equal from here on, so the rest can be compared as a whole
  });
  // fields only one side has: another disc version's record of the same configuration
  return JSON.stringify(a) === JSON.stringify(b) || onlyFormatChanges(a, b) ? changes : undefined;
}

/** "steps 2 → 4, main optimizer's lr 10 → 0.001". */
export function describeChanges(changes: readonly SafeChange[]): string {
  return changes.map((c) => `${c.what} ${c.from} → ${c.to}`).join(", ");
}
