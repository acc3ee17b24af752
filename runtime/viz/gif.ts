// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- gifenc ships no types; this keeps its declarations in every program that imports this file
/// <reference path="./gifenc.d.ts" />
/** Animated GIFs of RGBA canvases (gifenc): one 256-colour palette per frame, looping. */
import * as gifencNs from "gifenc";
import type { Canvas } from "./canvas.js";

// gifenc ships CJS (`main`, Node: exports under `default`) and ESM (`module`, bundlers: named exports).
const gifenc: gifencNs.GifencModule = gifencNs.GIFEncoder
  ? (gifencNs as unknown as gifencNs.GifencModule)
  : gifencNs.default;

/**
 * Encodes frames of one size as a looping GIF.
 * @param delayMs time each frame shows, in milliseconds
 * @throws RangeError when there is no frame or the frames differ in size.
 */
export function encodeGif(
  frames: readonly Canvas[],
  delayMs: number,
): { gif: Buffer; width: number; height: number } {
  const first = frames[0];
  if (first === undefined) throw new RangeError("encodeGif: no frame.");
  const gif = gifenc.GIFEncoder();
  for (const f of frames) {
    if (f.width !== first.width || f.height !== first.height)
      throw new RangeError(
        `encodeGif: frame of ${f.width}×${f.height} in a GIF of ${first.width}×${first.height}.`,
      );
    const palette = gifenc.quantize(f.rgba, 256);
    gif.writeFrame(gifenc.applyPalette(f.rgba, palette), f.width, f.height, {
      palette,
      delay: delayMs,
      repeat: 0,
    });
  }
  gif.finish();
  return { gif: Buffer.from(gif.bytes()), width: first.width, height: first.height };
}
