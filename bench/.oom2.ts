import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../runtime/backend/select.js";
await selectBackend("wasm", { quiet: true });
const w = (tf.backend() as any).wasm;
const orig = w._malloc;
w._malloc = (n: number) => { const p = orig(n); if (p === 0 || p === undefined) console.log("malloc returned", p, "for", n); return p; };
const keep: tf.Tensor[] = [];
try {
  for (let i = 0; i < 10; i++) { keep.push(tf.fill([256, 1024, 1024], 1)); console.log("alloc", i, w.HEAPU8.buffer.byteLength / 2**30); }
} catch (e) { console.log("ERR", (e as Error).constructor.name, (e as Error).message.slice(0, 200)); }
tf.dispose(keep);
const t = tf.zeros([64, 1024, 1024]); console.log("after OOM alloc ok", t.shape); t.dispose();
process.exit(0);
