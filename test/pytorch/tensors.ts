/**
 * Tensor exchange with the Python harness: a flat little-endian float32 file plus entries
 * {shape, offset} (offset in floats), and the error measures of the equivalence test.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type * as tf from "@tensorflow/tfjs";

export interface Entry {
  readonly shape: number[];
  readonly offset: number;
}

/** Accumulates tensors into one float32 buffer. */
export class TensorFile {
  private readonly parts: Float32Array[] = [];
  private size = 0;

  /** Appends a tensor's values (row-major, tfjs layout); returns where they are. */
  add(t: tf.Tensor): Entry {
    const data = Float32Array.from(t.dataSync());
    const e = { shape: [...t.shape], offset: this.size };
    this.parts.push(data);
    this.size += data.length;
    return e;
  }

  write(path: string): void {
    const all = new Float32Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      all.set(p, at);
      at += p.length;
    }
    writeFileSync(path, Buffer.from(all.buffer));
  }
}

/** |a − b| / max(|b|, 1): relative for terms of 1 nat or more, absolute (nats) below. */
export function termError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1);
}

/**
 * Worst per-tensor relative L2 error ‖g_py − g_ts‖ / ‖g_ts‖ over all networks' gradients
 * (py read from `binPath` at `entries`); throws when a shape or count differs.
 */
export function gradientErrors(
  binPath: string,
  entries: Record<string, Entry[]>,
  tsGrads: Record<string, Float32Array[]>,
): { worst: number; where: string; count: number } {
  const buf = readFileSync(binPath);
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  let worst = 0;
  let where = "";
  let count = 0;
  for (const [net, list] of Object.entries(tsGrads)) {
    const py = entries[net];
    if (!py || py.length !== list.length)
      throw new Error(`${net}: ${py?.length} python gradients, ${list.length} tfjs`);
    list.forEach((g, i) => {
      const e = py[i]!;
      const n = e.shape.reduce((a, b) => a * b, 1);
      if (n !== g.length)
        throw new Error(`${net}[${i}]: python shape [${e.shape}] vs ${g.length} values`);
      let d2 = 0;
      let r2 = 0;
      for (let k = 0; k < n; k++) {
        const d = all[e.offset + k]! - g[k]!;
        d2 += d * d;
        r2 += g[k]! * g[k]!;
      }
      const err = Math.sqrt(d2) / Math.max(Math.sqrt(r2), 1e-20);
      count++;
      if (err > worst) {
        worst = err;
        where = `${net}[${i}] [${e.shape}]`;
      }
    });
  }
  return { worst, where, count };
}
