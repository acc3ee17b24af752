/**
 * An RGBA8 canvas for composing image grids, and its PNG encoding (pngjs).
 */
import { PNG } from "pngjs";

/** RGBA8 pixels [height, width, 4], row-major. */
export interface Canvas {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/**
 * A canvas filled with one grey level.
 * @param fill grey in [0, 1]
 * @throws RangeError for a non-positive or non-integer size.
 */
export function createCanvas(width: number, height: number, fill = 1): Canvas {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`canvas size must be positive integers, got ${width}×${height}.`);
  }
  const rgba = new Uint8Array(width * height * 4);
  const g = toByte(fill);
  for (let p = 0; p < width * height; p++) {
    rgba[p * 4] = rgba[p * 4 + 1] = rgba[p * 4 + 2] = g;
    rgba[p * 4 + 3] = 255;
  }
  return { width, height, rgba };
}

/** [0, 1] → 0..255, rounded, clamped (NaN → 0). */
export function toByte(v: number): number {
  if (!(v > 0)) return 0;
  return v >= 1 ? 255 : Math.round(v * 255);
}

/**
 * Draws image `i` of a batch `images` float32 [n, H, W, C] in [0, 1] at (x0, y0). C = 1 is drawn
 * as grey, C = 3 as RGB, C = 4 as RGBA; other C use the first channel.
 */
export function drawImage(
  canvas: Canvas,
  images: Float32Array,
  i: number,
  shape: readonly [number, number, number],
  x0: number,
  y0: number,
): void {
  const [H, W, C] = shape;
  const off = i * H * W * C;
  if (off + H * W * C > images.length)
    throw new RangeError(
      `drawImage: image ${i} of shape ${H}×${W}×${C} is past the end of a batch of ${images.length} values.`,
    );
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const cx = x0 + x;
      const cy = y0 + y;
      if (cx < 0 || cy < 0 || cx >= canvas.width || cy >= canvas.height) continue;
      const s = off + (y * W + x) * C;
      const d = (cy * canvas.width + cx) * 4;
      const r = images[s] as number;
      canvas.rgba[d] = toByte(r);
      canvas.rgba[d + 1] = toByte(C >= 3 ? (images[s + 1] as number) : r);
      canvas.rgba[d + 2] = toByte(C >= 3 ? (images[s + 2] as number) : r);
      canvas.rgba[d + 3] = C === 4 ? toByte(images[s + 3] as number) : 255;
    }
  }
}

/** PNG bytes of a canvas (8-bit RGBA). */
export function encodePng(canvas: Canvas): Buffer {
  const png = new PNG({ width: canvas.width, height: canvas.height });
  png.data = Buffer.from(canvas.rgba.buffer, canvas.rgba.byteOffset, canvas.rgba.byteLength);
  return PNG.sync.write(png);
}

/** Decodes PNG bytes back into a canvas (for tests and the report). */
export function decodePng(bytes: Buffer): Canvas {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, rgba: new Uint8Array(png.data) };
}
