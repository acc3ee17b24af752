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

/**
 * The architectures like `def` (same input and output kind) made for h×h images, as a hint
 * phrase: "`conv28`" or "`conv28` or `unet`"; undefined when the library has none.
 */
function sameKindFor(ctx: CheckContext, def: NetworkDef, h: number): string | undefined {
  const fits = ctx.registry
    .names("network")
    .map((n) => ctx.registry.lookup("network", n) as NetworkDef | undefined)
    .filter(
      (d): d is NetworkDef =>
        d !== undefined &&
        d.accepts === def.accepts &&
        d.produces === def.produces &&
        (d.imageSizes?.includes(h) ?? false),
    )
    .map((d) => `\`${d.name}\``);
  return fits.length > 0 ? fits.join(" or ") : undefined;
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
  const instead = h === w ? sameKindFor(ctx, def, h) : undefined;
  // the sizes the data set's own `size` parameter allows (none when it has no such parameter)
  const sizeType = m.data.call.entry.signature.params.find((p) => p.name === "size")?.type;
  const resize = def.imageSizes.filter(
    (s) =>
      sizeType?.kind === "number" &&
      s >= (sizeType.min ?? -Infinity) &&
      s <= (sizeType.max ?? Infinity),
  );
  const options = [
    instead ? `use ${instead}, made for ${h}×${w} images` : "",
    "`mlp`, which takes any size",
    resize.length > 0 ? `set the data set's \`size: ${resize.join("` or `size: ")}\`` : "",
  ].filter((o) => o !== "");
  ctx.report(
    "DIS2009",
    net.span,
    `\`${def.name}\` works on ${sizes} images, but \`${m.data.call.entry.name}\` gives ${h}×${w}.`,
    {
      hint: `${options.slice(0, -1).join(", ")}${options.length > 1 ? ", or " : ""}${options.at(-1)}.`,
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
