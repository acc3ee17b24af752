/**
 * Helpers shared by the network entries: argument validation with clear messages, seeded
 * initialisers (one distinct seed per layer), activations.
 */
import * as tf from "@tensorflow/tfjs";
import type { ArgValue, NetworkIO } from "../types.js";

/** Activations the `mlp` and friends accept. leaky_relu uses slope 0.2 (tf.nn.leaky_relu default). */
export const ACTIVATIONS = ["relu", "tanh", "elu", "leaky_relu"] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Name given to the last hidden (feature) layer of every trunk, so heads can read it (see runtime/nn trunkModel). */
export const TRUNK_LAYER = "trunk";

/** Thrown for bad network arguments or geometry; the message names the network and the argument. */
export class NetworkArgError extends Error {
  constructor(network: string, message: string) {
    super(`network ${network}: ${message}`);
    this.name = "NetworkArgError";
  }
}

/** Reads a positive integer argument (or its default). Throws NetworkArgError otherwise. */
export function intArg(
  net: string,
  args: Readonly<Record<string, ArgValue>>,
  name: string,
  dflt: number,
): number {
  const v = args[name] ?? dflt;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new NetworkArgError(
      net,
      `argument '${name}' must be a positive integer, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

/** Reads a list of positive integers (or its default); `length` pins the length when given. */
export function intListArg(
  net: string,
  args: Readonly<Record<string, ArgValue>>,
  name: string,
  dflt: readonly number[],
  length?: number,
): number[] {
  const v = args[name] ?? dflt;
  if (!Array.isArray(v) || v.some((e) => typeof e !== "number" || !Number.isInteger(e) || e < 1)) {
    throw new NetworkArgError(
      net,
      `argument '${name}' must be a list of positive integers, got ${JSON.stringify(v)}`,
    );
  }
  if (length !== undefined && v.length !== length) {
    throw new NetworkArgError(
      net,
      `argument '${name}' must have ${length} entries, got ${v.length}`,
    );
  }
  return v as number[];
}

/** Reads an enum argument. */
export function enumArg<T extends string>(
  net: string,
  args: Readonly<Record<string, ArgValue>>,
  name: string,
  values: readonly T[],
  dflt: T,
): T {
  const v = args[name] ?? dflt;
  if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
    throw new NetworkArgError(
      net,
      `argument '${name}' must be one of ${values.join(", ")}, got ${JSON.stringify(v)}`,
    );
  }
  return v as T;
}

/**
 * Checks an image shape [S, S, C] with S in `sizes`; returns [S, C].
 * Throws NetworkArgError naming the `role` ("input" / "output") otherwise.
 */
export function imageGeometry(
  net: string,
  shape: readonly number[],
  role: string,
  sizes: readonly number[],
): [number, number] {
  const [h, w, c] = shape;
  if (
    shape.length !== 3 ||
    h === undefined ||
    w === undefined ||
    c === undefined ||
    h !== w ||
    !sizes.includes(h)
  ) {
    throw new NetworkArgError(
      net,
      `${role} must be an image [S, S, C] with S in {${sizes.join(", ")}}, got [${shape.join(", ")}]`,
    );
  }
  return [h, c];
}

/** Checks a vector shape [D]; returns D. */
export function vectorSize(net: string, shape: readonly number[], role: string): number {
  const d = shape[0];
  if (shape.length !== 1 || d === undefined || d < 1) {
    throw new NetworkArgError(net, `${role} must be a vector [D], got [${shape.join(", ")}]`);
  }
  return d;
}

/** Product of a shape's entries. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Kind of initialiser; `glorot` is the Keras default (disentanglement_lib), the others InfoGAN's std 0.02. */
export type InitKind = "glorot" | "normal02" | "truncated02";

/**
 * A factory of seeded initialisers: every call gives a new initialiser whose seed is derived from
 * the network seed and a counter, so a network built twice with the same seed has identical weights.
 */
export function seededInits(
  seed: number,
): (kind?: InitKind) => ReturnType<typeof tf.initializers.glorotUniform> {
  let k = 0;
  return (kind: InitKind = "glorot") => {
    const s = (Math.imul(seed >>> 0, 2654435761) + 7919 * ++k) >>> 0;
    switch (kind) {
      case "glorot":
        return tf.initializers.glorotUniform({ seed: s });
      case "normal02":
        return tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: s });
      case "truncated02":
        return tf.initializers.truncatedNormal({ mean: 0, stddev: 0.02, seed: s });
    }
  };
}

/** Applies a named activation as its own layer. */
export function activation(
  x: tf.SymbolicTensor,
  name: ActivationName,
  leak = 0.2,
): tf.SymbolicTensor {
  if (name === "leaky_relu")
    return tf.layers.leakyReLU({ alpha: leak }).apply(x) as tf.SymbolicTensor;
  return tf.layers.activation({ activation: name }).apply(x) as tf.SymbolicTensor;
}

/** Validates that `io` has the ranks a network needs, with one message. */
export function requireIO(net: string, io: NetworkIO): void {
  if (!io || !Array.isArray(io.input) || !Array.isArray(io.output)) {
    throw new NetworkArgError(net, "io must have input and output shapes");
  }
}
