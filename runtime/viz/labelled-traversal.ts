/**
 * The traversal picture a reader can name: one row per informative latent (sorted by KL), each
 * labelled "z3 · 2.41 nats · posX (0.52)" on the left; the column of the input and its
 * reconstruction first; the traversal values above the columns; the collapsed latents in one
 * line below (`latent-labels.ts` makes the words). The GIF shows the same latents side by side,
 * one frame per value.
 */
import { createCanvas, drawImage, encodePng, type Canvas } from "./canvas.js";
import { encodeGif } from "./gif.js";
import { formatNats, type LatentRows } from "./latent-labels.js";
import { drawText, fillRect, LINE_HEIGHT, textWidth } from "./text.js";
import { decodeTraversal, traversalValues, type DecodeFn } from "./traversal.js";

export interface LabelledTraversalOptions {
  decode: DecodeFn;
  /** The input's posterior mean [D]: every row starts from it. */
  base: Float32Array;
  dim: number;
  /** The input image [H, W, C] in [0, 1]. */
  input: Float32Array;
  /** Rows in drawing order and the collapsed line (`latentRows`). */
  latents: LatentRows;
  /** Values span [−range, +range] (default 2). */
  range?: number;
  /** Values per latent (default 10). */
  steps?: number;
  imageShape: [number, number, number];
}

const M = 6; // margin, px
const GAP = 8; // between the input column and the traversal, and after the labels
const INK: [number, number, number] = [0, 0, 0];
const MUTED: [number, number, number] = [90, 90, 90];
const FRAME: [number, number, number] = [128, 128, 128];

/** "−2.0", "0.4": traversal values with one decimal and a real minus sign. */
export function formatValue(v: number): string {
  const s = (Math.abs(v) < 0.05 ? 0 : v).toFixed(1);
  return s.startsWith("-") ? `−${s.slice(1)}` : s;
}

type Decoded = { recon: Float32Array; images: Float32Array | null; steps: number };
/** Decoded images by options object: the PNG and the GIF of one `opts` decode once. */
const decodedFor = new WeakMap<LabelledTraversalOptions, Promise<Decoded>>();

/** The reconstruction of the base [H, W, C] and the traversal images [rows·steps, H, W, C]. */
function decodeAll(opts: LabelledTraversalOptions): Promise<Decoded> {
  let p = decodedFor.get(opts);
  if (p === undefined) {
    p = decodeOnce(opts);
    decodedFor.set(opts, p);
  }
  return p;
}

async function decodeOnce(opts: LabelledTraversalOptions): Promise<Decoded> {
  const steps = opts.steps ?? 10;
  const recon = await opts.decode(opts.base.slice(), 1);
  if (opts.latents.rows.length === 0) return { recon, images: null, steps };
  const { images } = await decodeTraversal({
    decode: opts.decode,
    base: opts.base,
    dim: opts.dim,
    order: opts.latents.rows.map((r) => r.latent),
    range: opts.range,
    steps,
    imageShape: opts.imageShape,
  });
  return { recon, images, steps };
}

/** Draws image i of a batch with a 1-px grey frame around it, its top-left pixel at (x, y). */
function framed(
  canvas: Canvas,
  images: Float32Array,
  i: number,
  shape: [number, number, number],
  x: number,
  y: number,
): void {
  fillRect(canvas, x - 1, y - 1, shape[1] + 2, shape[0] + 2, FRAME);
  drawImage(canvas, images, i, shape, x, y);
}

/**
 * The labelled traversal as PNG: title, value header, [labels | input & reconstruction |
 * traversal rows], collapsed line.
 * @throws RangeError on a bad base, latent, range or steps (see `decodeTraversal`).
 */
export async function labelledTraversalPng(
  opts: LabelledTraversalOptions,
): Promise<{ png: Buffer; width: number; height: number }> {
  const { recon, images, steps } = await decodeAll(opts);
  const [H, W] = opts.imageShape;
  const rows = opts.latents.rows;
  const range = opts.range ?? 2;
  const named = rows.some((r) => r.factor !== undefined);
  const title = `each row sets one latent from ${formatValue(-range)} to ${formatValue(range)}, the others at the input's posterior mean · sorted by KL${named ? " · (NMI with the factor)" : ""}`;
  const labelW = Math.max(0, ...rows.map((r) => textWidth(r.label)));
  const x0 = M + labelW + (labelW > 0 ? GAP : 0); // input column
  const xt = x0 + W + 2 + GAP; // first traversal column
  const cell = W + 1;
  const gridW = rows.length > 0 ? steps * cell + 1 : 0;
  const top = M + 2 * LINE_HEIGHT + 2; // first image row
  const rowH = H + 1;
  const imageRows = Math.max(rows.length, 2);
  const bottom = top + imageRows * rowH + LINE_HEIGHT + 4;
  const footer = opts.latents.collapsedLabel === null ? 0 : LINE_HEIGHT + 4;
  const width = Math.max(
    xt + gridW + M,
    M + textWidth(title) + M,
    M + textWidth(opts.latents.collapsedLabel ?? "") + M,
  );
  const canvas = createCanvas(width, bottom + footer + M, 1);
  drawText(canvas, title, M, M, { color: MUTED });
  const headerY = M + LINE_HEIGHT + 2;
  drawText(canvas, "input", x0 + W / 2, headerY, { align: "center" });
  framed(canvas, opts.input, 0, opts.imageShape, x0 + 1, top + 1);
  framed(canvas, recon, 0, opts.imageShape, x0 + 1, top + rowH + 2);
  drawText(canvas, "recon", x0 + W / 2, top + 2 * rowH + 4, { align: "center" });
  if (images !== null) {
    const values = traversalValues(range, steps);
    values.forEach((v, s) =>
      drawText(canvas, formatValue(v), xt + 1 + s * cell + W / 2, headerY, { align: "center" }),
    );
    fillRect(canvas, xt, top, gridW, rows.length * rowH + 1, FRAME);
    rows.forEach((row, r) => {
      drawText(canvas, row.label, M, top + r * rowH + (rowH - LINE_HEIGHT) / 2, { color: INK });
      for (let s = 0; s < steps; s++)
        drawImage(
          canvas,
          images,
          r * steps + s,
          opts.imageShape,
          xt + 1 + s * cell,
          top + 1 + r * rowH,
        );
    });
  }
  if (opts.latents.collapsedLabel !== null)
    drawText(canvas, opts.latents.collapsedLabel, M, bottom, { color: MUTED });
  return { png: encodePng(canvas), width: canvas.width, height: canvas.height };
}

/**
 * The frames of the labelled GIF: frame s shows every drawn latent side by side at values[s],
 * each column headed by its latent, KL and factor, with the value and the collapsed line below.
 * @returns one RGBA canvas per traversal value (one frame when no latent is drawn)
 */
export async function labelledTraversalFrames(opts: LabelledTraversalOptions): Promise<Canvas[]> {
  const { images, steps } = await decodeAll(opts);
  const [H, W] = opts.imageShape;
  const rows = opts.latents.rows;
  const heads = rows.map((r) => [
    `z${r.latent} · ${formatNats(r.kl)} nats`,
    r.factor ? `${r.factor} (${r.nmi!.toFixed(2)})` : "",
  ]);
  const colW = Math.max(W + 1, ...heads.flat().map((t) => textWidth(t) + 8));
  const values = traversalValues(opts.range ?? 2, steps);
  const footer = opts.latents.collapsedLabel ?? "";
  const width = Math.max(M + rows.length * colW + M, M + textWidth(footer) + M, 120);
  const top = M + 2 * LINE_HEIGHT + 2;
  const height = top + H + 2 + 4 + 2 * LINE_HEIGHT + M;
  const frames: Canvas[] = [];
  for (let s = 0; s < (images === null ? 1 : steps); s++) {
    const canvas = createCanvas(width, height, 1);
    rows.forEach((_, r) => {
      const cx = M + r * colW + colW / 2;
      drawText(canvas, heads[r]![0]!, cx, M, { align: "center" });
      drawText(canvas, heads[r]![1]!, cx, M + LINE_HEIGHT, { align: "center", color: MUTED });
      if (images !== null)
        framed(canvas, images, r * steps + s, opts.imageShape, Math.round(cx - W / 2), top + 1);
    });
    if (images !== null) drawText(canvas, `value ${formatValue(values[s]!)}`, M, top + H + 6);
    drawText(canvas, footer, M, top + H + 6 + LINE_HEIGHT, { color: MUTED });
    frames.push(canvas);
  }
  return frames;
}

/**
 * The labelled GIF of `labelledTraversalFrames`, looping.
 * @param opts.delayMs frame delay (default 200 ms)
 */
export async function labelledTraversalGif(
  opts: LabelledTraversalOptions & { delayMs?: number },
): Promise<{ gif: Buffer; width: number; height: number; frames: number }> {
  const frames = await labelledTraversalFrames(opts);
  return { ...encodeGif(frames, opts.delayMs ?? 200), frames: frames.length };
}
