/**
 * Image grids: reconstructions beside inputs, prior samples.
 */
import { createCanvas, drawImage, encodePng, type Canvas } from "./canvas.js";

export interface GridLayout {
  /** separator width in pixels between cells and around the border (default 1) */
  readonly pad?: number;
  /** separator grey level in [0, 1] (default 0.5) */
  readonly separator?: number;
}

/**
 * Lays n images float32 [n, H, W, C] in [0, 1] out in rows of `cols`, with thin separators.
 * @returns the canvas (RGBA8) with width = cols·(W + pad) + pad
 * @throws RangeError when the batch is smaller than n·H·W·C or cols < 1.
 */
export function imageGridCanvas(
  images: Float32Array,
  n: number,
  imageShape: readonly [number, number, number],
  cols: number,
  layout: GridLayout = {},
): Canvas {
  const [H, W, C] = imageShape;
  if (!Number.isInteger(cols) || cols < 1)
    throw new RangeError(`imageGrid: cols must be a positive integer, got ${cols}.`);
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`imageGrid: n must be a positive integer, got ${n}.`);
  if (images.length < n * H * W * C)
    throw new RangeError(
      `imageGrid: ${images.length} values cannot hold ${n} images of ${H}×${W}×${C}.`,
    );
  const pad = layout.pad ?? 1;
  const rows = Math.ceil(n / cols);
  const canvas = createCanvas(
    cols * (W + pad) + pad,
    rows * (H + pad) + pad,
    layout.separator ?? 0.5,
  );
  for (let i = 0; i < n; i++) {
    drawImage(
      canvas,
      images,
      i,
      imageShape,
      pad + (i % cols) * (W + pad),
      pad + Math.floor(i / cols) * (H + pad),
    );
  }
  return canvas;
}

/**
 * PNG of `imageGridCanvas` (e.g. inputs and reconstructions interleaved, or prior samples).
 * @returns PNG bytes and the image size in pixels
 */
export function imageGrid(
  images: Float32Array,
  n: number,
  imageShape: readonly [number, number, number],
  cols: number,
  layout: GridLayout = {},
): { png: Buffer; width: number; height: number } {
  const canvas = imageGridCanvas(images, n, imageShape, cols, layout);
  return { png: encodePng(canvas), width: canvas.width, height: canvas.height };
}

/**
 * Interleaves inputs and reconstructions [n, H, W, C] column-pairwise: row r holds
 * input_r, recon_r side by side when used with cols = 2 (or pairs within wider rows).
 */
export function interleave(
  inputs: Float32Array,
  recons: Float32Array,
  n: number,
  imageSize: number,
): Float32Array {
  if (inputs.length < n * imageSize || recons.length < n * imageSize)
    throw new RangeError(`interleave: batches hold fewer than ${n} images of ${imageSize} values.`);
  const out = new Float32Array(2 * n * imageSize);
  for (let i = 0; i < n; i++) {
    out.set(inputs.subarray(i * imageSize, (i + 1) * imageSize), 2 * i * imageSize);
    out.set(recons.subarray(i * imageSize, (i + 1) * imageSize), (2 * i + 1) * imageSize);
  }
  return out;
}
