/**
 * NumPy `.npy` format (NEP 1, format versions 1.0, 2.0, 3.0): header parsing, whole-array
 * decoding and chunked (streaming) decoding for arrays too large to hold twice.
 */
import { readFile } from "node:fs/promises";
import { DataFileError } from "../errors.js";

export type NpyDtype = "u1" | "i1" | "b1" | "u2" | "i2" | "u4" | "i4" | "f4" | "f8" | "i8" | "u8";
export type NpyData =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

export interface NpyHeader {
  dtype: NpyDtype;
  /** True when the file is big-endian ('>'): data are byte-swapped on decode. */
  bigEndian: boolean;
  shape: number[];
  /** Byte offset of the data from the start of the file. */
  dataOffset: number;
  /** Bytes per element. */
  itemSize: number;
  /** Number of elements (product of shape; 1 for a scalar). */
  count: number;
}

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  /** C-order data; int64/uint64 arrive as BigInt64Array/BigUint64Array, bool as Uint8Array. */
  data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ITEM: Record<NpyDtype, number> = {
  u1: 1,
  i1: 1,
  b1: 1,
  u2: 2,
  i2: 2,
  u4: 4,
  i4: 4,
  f4: 4,
  f8: 8,
  i8: 8,
  u8: 8,
};

/**
 * Parses an .npy header from the first bytes of a file (`what` names the file in errors).
 * Returns null when `buf` is too short to hold the whole header yet. Throws Error for a
 * non-npy file, an unsupported version or dtype, or Fortran order.
 */
export function parseNpyHeader(buf: Uint8Array, what = "npy data"): NpyHeader | null {
  if (buf.length < 10) return null;
  for (let i = 0; i < 6; i++) {
    if (buf[i] !== MAGIC[i])
      throw new DataFileError(`${what}: not a .npy array (missing \\x93NUMPY magic)`);
  }
  const major = buf[6] as number;
  let headerLen: number;
  let start: number;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (buf.length < 12) return null;
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    throw new DataFileError(
      `${what}: unsupported .npy format version ${major}.${buf[7]} (expected 1, 2 or 3)`,
    );
  }
  if (buf.length < start + headerLen) return null;
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(
    buf.subarray(start, start + headerLen),
  );
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new DataFileError(`${what}: malformed .npy header: ${text.trim()}`);
  }
  if (fortran === "True")
    throw new DataFileError(`${what}: Fortran-order arrays are not supported (expected C order)`);
  const m = /^([<>|=])([a-z]\d+)$/.exec(descr);
  const code = (m?.[2] === "?1" ? "b1" : m?.[2]) as NpyDtype | undefined;
  if (m === null || code === undefined || !(code in ITEM)) {
    throw new DataFileError(
      `${what}: unsupported dtype '${descr}' (supported: u1 i1 b1 u2 i2 u4 i4 u8 i8 f4 f8)`,
    );
  }
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number(s.replace(/L$/, "")));
  if (shape.some((d) => !Number.isInteger(d) || d < 0))
    throw new DataFileError(`${what}: bad shape (${shapeText})`);
  const itemSize = ITEM[code];
  return {
    dtype: code,
    bigEndian: m[1] === ">" && itemSize > 1,
    shape,
    dataOffset: start + headerLen,
    itemSize,
    count: shape.reduce((a, b) => a * b, 1),
  };
}

function byteSwap(bytes: Uint8Array, itemSize: number): void {
  for (let i = 0; i < bytes.length; i += itemSize) bytes.subarray(i, i + itemSize).reverse();
}

/** Wraps aligned little-endian bytes (a fresh ArrayBuffer) as the dtype's typed array. */
export function typedArrayFor(dtype: NpyDtype, buffer: ArrayBuffer, count: number): NpyData {
  switch (dtype) {
    case "u1":
    case "b1":
      return new Uint8Array(buffer, 0, count);
    case "i1":
      return new Int8Array(buffer, 0, count);
    case "u2":
      return new Uint16Array(buffer, 0, count);
    case "i2":
      return new Int16Array(buffer, 0, count);
    case "u4":
      return new Uint32Array(buffer, 0, count);
    case "i4":
      return new Int32Array(buffer, 0, count);
    case "f4":
      return new Float32Array(buffer, 0, count);
    case "f8":
      return new Float64Array(buffer, 0, count);
    case "i8":
      return new BigInt64Array(buffer, 0, count);
    case "u8":
      return new BigUint64Array(buffer, 0, count);
  }
}

/** Decodes a whole .npy held in memory. Throws Error for a malformed / truncated file. */
export function parseNpy(buf: Uint8Array, what = "npy data"): NpyArray {
  const h = parseNpyHeader(buf, what);
  if (h === null) throw new DataFileError(`${what}: truncated .npy header`);
  const nbytes = h.count * h.itemSize;
  if (buf.length < h.dataOffset + nbytes) {
    throw new DataFileError(
      `${what}: truncated .npy data: expected ${nbytes} bytes for shape [${h.shape.join(", ")}] ${h.dtype}, got ${buf.length - h.dataOffset}`,
    );
  }
  const copy = new Uint8Array(nbytes);
  copy.set(buf.subarray(h.dataOffset, h.dataOffset + nbytes));
  if (h.bigEndian) byteSwap(copy, h.itemSize);
  return { dtype: h.dtype, shape: h.shape, data: typedArrayFor(h.dtype, copy.buffer, h.count) };
}

/** Reads and decodes a `.npy` file. Throws Error naming the path when missing or malformed. */
export async function readNpy(path: string): Promise<NpyArray> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new DataFileError(`cannot read .npy file '${path}': ${(e as Error).message}`);
  }
  return parseNpy(buf, path);
}

/**
 * Incremental .npy decoder: feed it chunks; once the header is complete `onHeader` is called,
 * then `onData(bytes, elementOffset)` for each run of whole elements (little-endian, copied,
 * aligned). Memory held: one chunk plus < itemSize carried bytes.
 */
export class NpyStreamDecoder {
  header: NpyHeader | null = null;
  private pending: Uint8Array = new Uint8Array(0);
  private elements = 0;

  constructor(
    private readonly what: string,
    private readonly onHeader: (h: NpyHeader) => void,
    private readonly onData: (bytes: Uint8Array, elementOffset: number) => void,
  ) {}

  /** Feeds the next chunk of the file. */
  push(chunk: Uint8Array): void {
    let buf = this.pending.length > 0 ? concat(this.pending, chunk) : chunk;
    if (this.header === null) {
      const h = parseNpyHeader(buf, this.what);
      if (h === null) {
        this.pending = buf.slice();
        return;
      }
      this.header = h;
      this.onHeader(h);
      buf = buf.subarray(h.dataOffset);
    }
    const h = this.header;
    const whole = Math.min(Math.floor(buf.length / h.itemSize), h.count - this.elements);
    if (whole > 0) {
      const bytes = buf.slice(0, whole * h.itemSize);
      if (h.bigEndian) byteSwap(bytes, h.itemSize);
      this.onData(bytes, this.elements);
      this.elements += whole;
    }
    this.pending = buf.slice(whole * h.itemSize);
  }

  /** Call at end of input; throws Error when the data were truncated. */
  end(): void {
    if (this.header === null) throw new DataFileError(`${this.what}: truncated .npy header`);
    if (this.elements < this.header.count) {
      throw new DataFileError(
        `${this.what}: truncated .npy data: ${this.elements} of ${this.header.count} elements`,
      );
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
