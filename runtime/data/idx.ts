/**
 * IDX files (LeCun et al., the MNIST distribution format), plain or gzipped:
 * magic 0x0000 | dtype byte | ndims byte, then ndims big-endian uint32 dimensions, then data
 * (big-endian for multi-byte types).
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { DataFileError, withHint } from "../errors.js";
import { openHint } from "./npz.js";

export interface IdxArray {
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES: Record<number, { size: number; name: string }> = {
  0x08: { size: 1, name: "ubyte" },
  0x09: { size: 1, name: "byte" },
  0x0b: { size: 2, name: "short" },
  0x0c: { size: 4, name: "int" },
  0x0d: { size: 4, name: "float" },
  0x0e: { size: 8, name: "double" },
};

/**
 * Decodes IDX bytes (gunzipped first when they start with the gzip magic 1f 8b).
 * Throws Error naming `what` for a bad magic, unknown type or truncated data.
 */
export function parseIdx(raw: Uint8Array, what = "IDX data"): IdxArray {
  let buf = raw;
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      throw new DataFileError(`${what}: corrupt gzip stream: ${(e as Error).message}`);
    }
  }
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0)
    throw new DataFileError(`${what}: not an IDX file (bad magic)`);
  const type = TYPES[buf[2] as number];
  if (type === undefined)
    throw new DataFileError(`${what}: unknown IDX data type 0x${(buf[2] as number).toString(16)}`);
  const ndims = buf[3] as number;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 4 + 4 * ndims) throw new DataFileError(`${what}: truncated IDX header`);
  const shape: number[] = [];
  for (let d = 0; d < ndims; d++) shape.push(view.getUint32(4 + 4 * d, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const off = 4 + 4 * ndims;
  if (buf.length < off + count * type.size) {
    throw new DataFileError(
      `${what}: truncated IDX data: expected ${count * type.size} bytes for [${shape.join(", ")}] ${type.name}, got ${buf.length - off}`,
    );
  }
  switch (buf[2]) {
    case 0x08:
      return { shape, data: buf.slice(off, off + count) };
    case 0x09:
      return { shape, data: new Int8Array(buf.slice(off, off + count).buffer) };
    default: {
      const data =
        buf[2] === 0x0b
          ? new Int16Array(count)
          : buf[2] === 0x0c
            ? new Int32Array(count)
            : buf[2] === 0x0d
              ? new Float32Array(count)
              : new Float64Array(count);
      for (let i = 0; i < count; i++) {
        const p = off + i * type.size;
        data[i] =
          buf[2] === 0x0b
            ? view.getInt16(p, false)
            : buf[2] === 0x0c
              ? view.getInt32(p, false)
              : buf[2] === 0x0d
                ? view.getFloat32(p, false)
                : view.getFloat64(p, false);
      }
      return { shape, data };
    }
  }
}

/** Reads an IDX file (plain or .gz). Throws Error naming the path when missing or malformed. */
export async function readIdx(path: string): Promise<IdxArray> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    const message = `cannot read IDX file '${path}': ${(e as Error).message}`;
    throw new DataFileError(withHint(message, openHint(e, "IDX file")));
  }
  return parseIdx(buf, path);
}
