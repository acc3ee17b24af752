/** Test fixtures: the disentanglement_lib IdentityObservationsData analogue (10 factors × 10 values). */
import { factorSource, type RepresentationSource } from "../../runtime/metrics/sampling.js";

export const IDENTITY_SIZES: readonly number[] = new Array(10).fill(10);

/** representation = the factors themselves */
export const identity = (): RepresentationSource => factorSource(IDENTITY_SIZES);

/** representation = zeros [n, 10] */
export const zeros = (): RepresentationSource =>
  factorSource(IDENTITY_SIZES, (_f, n) => ({ codes: new Float32Array(n * 10), dim: 10 }));

/** representation = [v, v] (every factor duplicated) [n, 20] */
export const duplicated = (): RepresentationSource =>
  factorSource(IDENTITY_SIZES, (f, n) => {
    const codes = new Float32Array(n * 20);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < 10; j++)
        codes[i * 20 + j] = codes[i * 20 + 10 + j] = f[i * 10 + j] as number;
    return { codes, dim: 20 };
  });
