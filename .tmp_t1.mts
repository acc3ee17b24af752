import * as tf from "@tensorflow/tfjs";
import * as wasm from "@tensorflow/tfjs-backend-wasm";
console.log(Object.keys(wasm));
await tf.setBackend("wasm");
await tf.ready();
console.log(
  tf.getBackend(),
  tf.env().getBool("WASM_HAS_SIMD_SUPPORT"),
  tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT"),
);
const k = tf.getKernelsForBackend("wasm").map((k) => k.kernelName);
console.log(k.length, k.join(" "));
