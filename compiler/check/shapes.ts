/**
 * Network geometry: the input and raw output shape (without batch) of every network, and the
 * checks that an architecture fits what it reads and feeds (DIS2008) and the data set's image
 * size (DIS2009).
 *
 * Conventions: an image is [H, W, C]; several vector inputs are concatenated ([Σ D]); an encoder
 * into a `normal` latent outputs [2D] = mu ‖ logvar; a decoder into `x` outputs
 * [H, W, C · paramsPerChannel(likelihood)]; a generator or denoiser into `x` outputs [H, W, C];
 * a discriminator outputs one logit per output name; a head reads the trunk of its network
 * ([trunkSize]) and outputs D per code (categorical logits or continuous means).
 */
import type { ArgValue, NetworkDef } from "../../stdlib/types.js";
import type { CheckContext } from "./context.js";
import type { CheckedModel, CheckedNetwork, CheckedVariable } from "./types.js";
import { plainArgs } from "./values.js";

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** Width of the features a head reads from `net`. */
function trunkSize(net: CheckedNetwork): number {
  const args = plainArgs(net.call.args);
  const fn = net.call.entry.trunkSize;
  if (fn) return fn(args);
  const h: ArgValue | undefined = args["hidden"];
  if (typeof h === "number") return h;
  if (Array.isArray(h) && typeof h.at(-1) === "number") return h.at(-1) as number;
  return prod(net.outputShape);
}

/** Output size an encoder/head emits for one variable. */
function emitSize(v: CheckedVariable, role: string): number {
  if (role === "encoder" && v.dist.entry.name === "normal") return 2 * v.size;
  return v.size;
}

function imageSizeCheck(
  ctx: CheckContext,
  m: CheckedModel,
  net: CheckedNetwork,
  def: NetworkDef,
): void {
  if (!m.data || !def.imageSizes) return;
  const [h, w] = m.data.imageShape;
  if (h === w && def.imageSizes.includes(h)) return;
  const sizes = def.imageSizes.map((s) => `${s}×${s}`).join(" or ");
  ctx.report(
    "DIS2009",
    net.span,
    `\`${def.name}\` works on ${sizes} images, but \`${m.data.call.entry.name}\` gives ${h}×${w}.`,
    {
      hint: `choose an architecture for ${h}×${w} images, or change the data set's \`size\`.`,
      related: [{ span: m.data.call.span, message: "The data set is declared here." }],
    },
  );
}

/** Computes every network's shapes in declaration order (heads after their trunk), reporting mismatches. */
export function checkShapes(ctx: CheckContext, m: CheckedModel): void {
  const vars = new Map(m.variables.map((v) => [v.name, v]));
  const nets = new Map(m.networks.map((n) => [n.name, n]));
  const image = m.data?.imageShape;
  const ordered = [
    ...m.networks.filter((n) => n.role !== "head"),
    ...m.networks.filter((n) => n.role === "head"),
  ];
  for (const net of ordered) {
    const def = net.call.entry;
    const imageIn = net.inputs.includes("x");
    const vecIn = net.inputs.filter((i) => vars.has(i));
    // --- input
    if (net.role === "head") {
      const src = nets.get(net.inputs[0] ?? "");
      net.inputShape = src ? [trunkSize(src)] : [];
    } else if (imageIn && image) {
      net.inputShape = [...image];
    } else if (net.inputs.includes("y") && m.data) {
      net.inputShape = [m.data.factorNames.length];
    } else {
      net.inputShape = [vecIn.reduce((s, n) => s + (vars.get(n)?.size ?? 0), 0)];
    }
    const inIsImage = net.role !== "head" && imageIn;
    if (def.accepts === "image" && !inIsImage) {
      ctx.report(
        "DIS2008",
        net.span,
        `\`${def.name}\` reads images, but this ${net.role} reads ${net.inputs.map((i) => `\`${i}\``).join(", ")}, a vector of ${prod(net.inputShape)}.`,
        {
          hint: "use a vector architecture such as `mlp` or a deconvolution (`deconv64`) here.",
        },
      );
    } else if (def.accepts === "vector" && inIsImage) {
      ctx.report(
        "DIS2008",
        net.span,
        `\`${def.name}\` reads vectors, but this ${net.role} reads the images \`x\`.`,
        {
          hint: "use an image architecture such as `conv64`, or `mlp`, here.",
        },
      );
    } else if (def.accepts === "image" && inIsImage) {
      imageSizeCheck(ctx, m, net, def);
    }
    // --- output
    const outVars = net.outputs
      .map((o) => vars.get(o))
      .filter((v): v is CheckedVariable => v !== undefined);
    const outIsImage = net.outputs.includes("x");
    if (outIsImage && image) {
      const ppc = net.likelihood
        ? net.likelihood.call.entry.paramsPerChannel(plainArgs(net.likelihood.call.args))
        : 1;
      net.outputShape = [image[0], image[1], image[2] * ppc];
    } else if (net.role === "discriminator") {
      net.outputShape = [Math.max(1, net.outputs.length)];
    } else {
      net.outputShape = [outVars.reduce((s, v) => s + emitSize(v, net.role), 0)];
    }
    if (def.produces === "image" && !outIsImage && net.role !== "discriminator") {
      const v = outVars[0];
      ctx.report(
        "DIS2008",
        net.span,
        `\`${def.name}\` produces images, but this ${net.role} feeds ${v ? `the ${v.role} \`${v.name}\` of size ${v.size}` : "a vector"}.`,
        {
          hint: "use a vector architecture such as `conv64` or `mlp` here.",
          related: v ? [{ span: v.span, message: `\`${v.name}\` is declared here.` }] : undefined,
        },
      );
    } else if (def.produces === "vector" && outIsImage) {
      ctx.report(
        "DIS2008",
        net.span,
        `\`${def.name}\` produces vectors, but this ${net.role} must produce the images \`x\`.`,
        {
          hint: "use an image architecture such as `deconv64`, or `mlp`, here.",
        },
      );
    } else if (def.produces === "image" && outIsImage && !(def.accepts === "image" && inIsImage)) {
      imageSizeCheck(ctx, m, net, def);
    }
  }
}
