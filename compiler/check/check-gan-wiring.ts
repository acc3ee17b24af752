/**
 * The wiring the InfoGAN back end (compiler/emit/emit-gan.ts) trains, checked so that a gan
 * model never compiles into a program that runs other networks than the spec says (DIS2016):
 * the generator draws the images `x` from noise and codes, the discriminator reads `x` alone
 * (fakes and data), the Q head reads the discriminator's trunk, and no other network runs — an
 * encoder, decoder or `network` of a gan model would be built and never used.
 */
import type { NetworkDecl, Span } from "../../grammar/ast.js";
import type { CheckContext } from "./context.js";
import type { CheckedModel, CheckedNetwork } from "./types.js";

/** The declaration of `net` in `m` (found by its architecture's position). */
function declOf(m: CheckedModel, net: CheckedNetwork): NetworkDecl | undefined {
  for (const item of m.decl.items ?? [])
    if (item.kind === "Network" && item.arch?.span.start.offset === net.span.start.offset)
      return item;
  return undefined;
}

/** Where `name` is written on one side of `net`'s wiring (else the network's architecture). */
function wireSpan(m: CheckedModel, net: CheckedNetwork, side: 0 | 1, name: string): Span {
  const decl = declOf(m, net);
  const ids = side === 0 ? decl?.inputs : decl?.outputs;
  return ids?.find((id) => id.name === name)?.span ?? net.span;
}

/** DIS2016 for each network of a gan model wired other than the GAN back end runs it. */
export function checkGanWiring(ctx: CheckContext, m: CheckedModel): void {
  const disc = m.networks.find((n) => n.role === "discriminator");
  for (const n of m.networks) {
    if (n.role === "generator") {
      for (const o of n.outputs.filter((o) => o !== "x")) {
        ctx.report(
          "DIS2016",
          wireSpan(m, n, 1, o),
          `A gan model's generator produces the images \`x\`, but this one produces \`${o}\`.`,
          { hint: "write `-> x`: the discriminator tells the generator's images from the data's." },
        );
      }
    } else if (n.role === "discriminator") {
      for (const i of n.inputs.filter((i) => i !== "x")) {
        ctx.report(
          "DIS2016",
          wireSpan(m, n, 0, i),
          `A gan model's discriminator reads the images \`x\` alone, but this one reads \`${i}\`.`,
          {
            hint: "write `x -> real`; the Q head predicts the codes from the discriminator's features.",
          },
        );
      }
    } else if (n.role === "head") {
      const read = n.inputs[0];
      if (!disc || read === undefined || read === disc.name) continue;
      ctx.report(
        "DIS2016",
        wireSpan(m, n, 0, read),
        `A gan model's Q head reads the discriminator's features, but this head reads \`${read}\`.`,
        {
          hint: `write \`head ${n.name} = …: ${disc.name} -> (${n.outputs.join(", ")})\`.`,
          related: [{ span: disc.span, message: `The discriminator \`${disc.name}\` is here.` }],
        },
      );
    }
  }
}
