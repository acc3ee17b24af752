/** Test fixture: small dSprites-layout .npz files, well-formed or damaged on purpose. */
import { writeFileSync } from "node:fs";
import { createDsprites } from "../../runtime/data/dsprites.js";
import { npyBytes, zipBytes } from "./zip-writer.js";

/** A dSprites-layout .npz of the first `n` procedural images (imgs and/or latents_classes). */
export function dspritesNpz(
  file: string,
  n: number,
  opts: { imgs?: boolean; classesDtype?: "<i8" | "<f4"; side?: number } = {},
): string {
  const proc = createDsprites();
  const ids = Array.from({ length: n }, (_, i) => i * 997);
  const side = opts.side ?? 64;
  const imgs = Uint8Array.from(proc.images(ids)).subarray(0, n * side * side);
  const members = [];
  if (opts.imgs !== false)
    members.push({ name: "imgs.npy", data: npyBytes("|u1", [n, side, side], imgs) });
  const classes = new BigInt64Array(n * 6);
  ids.forEach((id, r) =>
    proc.factors([id]).forEach((v, k) => (classes[r * 6 + k + 1] = BigInt(v))),
  );
  members.push({
    name: "latents_classes.npy",
    data:
      opts.classesDtype === "<f4"
        ? npyBytes("<f4", [n, 6], Float32Array.from(classes, Number))
        : npyBytes("<i8", [n, 6], classes),
  });
  writeFileSync(file, zipBytes(members));
  return file;
}
