/**
 * The wiring of a model's networks as a whole (DIS2016): each variable is produced by one
 * network, and the networks can run in an order where every input is ready, i.e. the wiring
 * has no cycle. The back ends order the forward pass the same way
 * (compiler/emit/emit-forward.ts `wiringOrder`); this finds what they would reject first.
 */
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
 */
export function checkWiring(ctx: CheckContext, m: CheckedModel): void {
  if (!twoProducers(ctx, m) || m.backbone === "gan") return;
  // as the forward pass: a variable some network (a head included) produces is not drawn from
  // its prior, and only the networks other than heads run
  const produced = new Set<string>(OBSERVED);
  for (const v of m.variables)
    if (!m.networks.some((n) => n.outputs.includes(v.name))) produced.add(v.name);
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
  const ready = (n: CheckedNetwork): boolean =>
    n.inputs.every((i) => produced.has(i) && !(n.outputs.includes(i) && !n.inputs.includes(i)));
  while (pending.length > 0) {
    const i = pending.findIndex(ready);
    if (i < 0) {
      const names = pending.map((n) => `\`${n.name}\``).join(", ");
      ctx.report(
        "DIS2016",
        pending[0]!.span,
        `The networks ${names} wait for each other's outputs: their wiring is a cycle.`,
        {
          hint: "every network reads what the data, the priors or earlier networks produce.",
          related: pending
            .slice(1)
            .map((n) => ({ span: n.span, message: `\`${n.name}\` is here.` })),
        },
      );
      return;
    }
    const [n] = pending.splice(i, 1);
    for (const o of n!.outputs) produced.add(o);
  }
}
