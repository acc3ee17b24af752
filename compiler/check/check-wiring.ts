/**
 * The wiring of a model's networks as a whole (DIS2016): every network has a role its
 * backbone runs (stdlib/backbones/ `runs`), each variable is produced by one
 * network, and the networks can run in an order where every input is ready, i.e. the wiring
 * has no cycle. The plan orders the forward pass the same way (compiler/plan/forward.ts
 * `planForward`); this finds what it would reject first.
 */
import { checkRolesRun } from "./backbone.js";
import type { CheckContext } from "./context.js";
import type { CheckedModel, CheckedNetwork } from "./types.js";

const OBSERVED = new Set(["x", "y"]);

function twoProducers(ctx: CheckContext, m: CheckedModel): boolean {
  const producer = new Map<string, CheckedNetwork>();
  let ok = true;
  for (const n of m.networks) {
    if (n.role === "discriminator" || n.role === "head") continue; // free names / codes it predicts
    for (const o of n.outputs) {
      const first = producer.get(o);
      if (first === undefined || OBSERVED.has(o)) {
        producer.set(o, n);
        continue;
      }
      ctx.report(
        "DIS2016",
        n.span,
        `\`${o}\` is produced by the ${first.role} \`${first.name}\` already; a variable has one producer.`,
        {
          hint: `give this ${n.role} its own output variable.`,
          related: [{ span: first.span, message: `\`${first.name}\` produces \`${o}\` here.` }],
        },
      );
      ok = false;
    }
  }
  return ok;
}

/**
 * DIS2016 for a variable produced twice or a cycle in the wiring. A GAN's networks are ordered
 * by their roles (generator, discriminator, Q head), so only the producers are checked there.
 * Linear in the size of the wiring (each network waits on a count of inputs not yet produced).
 */
export function checkWiring(ctx: CheckContext, m: CheckedModel): void {
  if (!checkRolesRun(ctx, m) || !twoProducers(ctx, m) || m.backbone === "gan") return;
  const pending = m.networks.filter((n) => n.role !== "head");
  const nets = new Set(m.networks.map((n) => n.name));
  for (const n of pending) {
    const read = n.inputs.find((i) => nets.has(i));
    if (read === undefined) continue;
    ctx.report(
      "DIS2016",
      n.span,
      `This ${n.role} reads the network \`${read}\`, but only a head reads another network.`,
      { hint: `read the variable \`${read}\` produces, or declare \`head … : ${read} -> …\`.` },
    );
    return;
  }
  // as the forward pass: a variable some network (a head included) produces is not drawn from
  // its prior, and only the networks other than heads run, each once all its inputs are ready
  const outputs = new Set(m.networks.flatMap((n) => n.outputs));
  const produced = new Set<string>(OBSERVED);
  for (const v of m.variables) if (!outputs.has(v.name)) produced.add(v.name);
  const waiting = new Map<string, CheckedNetwork[]>();
  const missing = new Map<CheckedNetwork, number>();
  const ready: CheckedNetwork[] = [];
  for (const n of pending) {
    const need = new Set(n.inputs.filter((i) => !produced.has(i)));
    missing.set(n, need.size);
    if (need.size === 0) ready.push(n);
    for (const i of need) {
      const list = waiting.get(i);
      if (list) list.push(n);
      else waiting.set(i, [n]);
    }
  }
  while (ready.length > 0) {
    const n = ready.pop()!;
    missing.delete(n);
    for (const o of n.outputs) {
      if (produced.has(o)) continue;
      produced.add(o);
      for (const w of waiting.get(o) ?? []) {
        const left = missing.get(w)! - 1;
        missing.set(w, left);
        if (left === 0) ready.push(w);
      }
    }
  }
  const stuck = pending.filter((n) => missing.has(n));
  if (stuck.length === 0) return;
  ctx.report(
    "DIS2016",
    stuck[0]!.span,
    `The networks ${stuck.map((n) => `\`${n.name}\``).join(", ")} wait for each other's outputs: their wiring is a cycle.`,
    {
      hint: "every network reads what the data, the priors or earlier networks produce.",
      related: stuck.slice(1).map((n) => ({ span: n.span, message: `\`${n.name}\` is here.` })),
    },
  );
}
