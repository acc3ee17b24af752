/** Test helpers: a minimal .npy encoder and a zip writer (STORED / DEFLATED, optional full zip64). */
import { crc32, deflateRawSync } from "node:zlib";

/** Encodes a C-order .npy (format `version`) with the given descr, e.g. "<f4", "<i8", "|u1". */
export function npyBytes(
  descr: string,
  shape: number[],
  data: ArrayBufferView,
  version: 1 | 2 | 3 = 1,
): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const pre = version === 1 ? 10 : 12;
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - pre - 1, " ") + "\n";
  const head = new Uint8Array(pre);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(head.buffer);
  if (version === 1) dv.setUint16(8, dict.length, true);
  else dv.setUint32(8, dict.length, true);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.concat([head, Buffer.from(dict, "latin1"), body]);
}

export interface ZipMember {
  name: string;
  data: Uint8Array;
  deflate?: boolean;
}

/** Writes a zip archive; with zip64 every size/offset goes through zip64 extra fields + zip64 EOCD. */
export function zipBytes(members: ZipMember[], zip64 = false): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, "utf8");
    const comp = m.deflate ? deflateRawSync(m.data) : Buffer.from(m.data);
    const crc = crc32(m.data);
    const method = m.deflate ? 8 : 0;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(45, 4);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt16LE(0x21, 12);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(zip64 ? 0xffffffff : comp.length, 18);
    lh.writeUInt32LE(zip64 ? 0xffffffff : m.data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    const lx = Buffer.alloc(zip64 ? 20 : 0);
    if (zip64) {
      lx.writeUInt16LE(1, 0);
      lx.writeUInt16LE(16, 2);
      lx.writeBigUInt64LE(BigInt(m.data.length), 4);
      lx.writeBigUInt64LE(BigInt(comp.length), 12);
    }
    lh.writeUInt16LE(lx.length, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(45, 4);
    ch.writeUInt16LE(45, 6);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt16LE(0x21, 14);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(zip64 ? 0xffffffff : comp.length, 20);
    ch.writeUInt32LE(zip64 ? 0xffffffff : m.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    const cx = Buffer.alloc(zip64 ? 28 : 0);
    if (zip64) {
      cx.writeUInt16LE(1, 0);
      cx.writeUInt16LE(24, 2);
      cx.writeBigUInt64LE(BigInt(m.data.length), 4);
      cx.writeBigUInt64LE(BigInt(comp.length), 12);
      cx.writeBigUInt64LE(BigInt(offset), 20);
    }
    ch.writeUInt16LE(cx.length, 30);
    ch.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    const local = Buffer.concat([lh, name, lx, comp]);
    locals.push(local);
    centrals.push(Buffer.concat([ch, name, cx]));
    offset += local.length;
  }
  const cd = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  if (zip64) {
    const z = Buffer.alloc(56);
    z.writeUInt32LE(0x06064b50, 0);
    z.writeBigUInt64LE(44n, 4);
    z.writeUInt16LE(45, 12);
    z.writeUInt16LE(45, 14);
    z.writeBigUInt64LE(BigInt(members.length), 24);
    z.writeBigUInt64LE(BigInt(members.length), 32);
    z.writeBigUInt64LE(BigInt(cd.length), 40);
    z.writeBigUInt64LE(BigInt(offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(z, loc);
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(zip64 ? 0xffff : members.length, 8);
  eocd.writeUInt16LE(zip64 ? 0xffff : members.length, 10);
  eocd.writeUInt32LE(zip64 ? 0xffffffff : cd.length, 12);
  eocd.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...locals, cd, ...tail, eocd]);
}
