/**
 * Limited-memory BFGS (Nocedal & Wright 2006, Algorithm 7.4/7.5) with a backtracking Armijo line
 * search, for the small smooth convex problems of the metric classifiers.
 */

/** f(w) and its gradient, written into `grad` [p]. */
export type Objective = (w: Float64Array, grad: Float64Array) => number;

/**
 * Minimises `f` from `w0` [p]. Stops when max|grad| ≤ gtol, after `maxIter` iterations
 * (sklearn's lbfgs defaults: 100 iterations, gtol 1e-4), or when no descent is possible.
 * @returns the minimiser [p] and the number of iterations used.
 */
export function lbfgs(
  f: Objective,
  w0: Float64Array,
  opts: { maxIter?: number; gtol?: number; memory?: number } = {},
): { w: Float64Array; iterations: number } {
  const maxIter = opts.maxIter ?? 100;
  const gtol = opts.gtol ?? 1e-4;
  const mem = opts.memory ?? 10;
  const p = w0.length;
  let w = Float64Array.from(w0);
  let g = new Float64Array(p);
  let fx = f(w, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(p);
  const alpha = new Array<number>(mem).fill(0);
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < p; i++) s += (a[i] as number) * (b[i] as number);
    return s;
  };
  let it = 0;
  for (; it < maxIter; it++) {
    let gmax = 0;
    for (let i = 0; i < p; i++) gmax = Math.max(gmax, Math.abs(g[i] as number));
    if (gmax <= gtol) break;
    // two-loop recursion: dir = −H g
    for (let i = 0; i < p; i++) dir[i] = g[i] as number;
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = (rho[k] as number) * dot(S[k]!, dir);
      for (let i = 0; i < p; i++) dir[i]! -= (alpha[k] as number) * (Y[k]![i] as number);
    }
    const gamma =
      S.length > 0
        ? dot(S[S.length - 1]!, Y[Y.length - 1]!) / dot(Y[Y.length - 1]!, Y[Y.length - 1]!)
        : 1 / Math.max(1, gmax);
    for (let i = 0; i < p; i++) dir[i]! *= gamma;
    for (let k = 0; k < S.length; k++) {
      const beta = (rho[k] as number) * dot(Y[k]!, dir);
      for (let i = 0; i < p; i++) dir[i]! += ((alpha[k] as number) - beta) * (S[k]![i] as number);
    }
    for (let i = 0; i < p; i++) dir[i] = -(dir[i] as number);
    let slope = dot(g, dir);
    if (slope >= 0) {
      // not a descent direction: restart with steepest descent
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < p; i++) dir[i] = -(g[i] as number);
      slope = dot(g, dir);
    }
    let step = 1;
    const wNew = new Float64Array(p);
    const gNew = new Float64Array(p);
    let fNew = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < p; i++) wNew[i] = (w[i] as number) + step * (dir[i] as number);
      fNew = f(wNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= fx)) break;
    const s = new Float64Array(p);
    const y = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      s[i] = (wNew[i] as number) - (w[i] as number);
      y[i] = (gNew[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > mem) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const improved = fx - fNew;
    w = wNew;
    g = gNew;
    fx = fNew;
    if (improved <= 1e-12 * Math.max(1, Math.abs(fx))) {
      it++;
      break;
    }
  }
  return { w, iterations: it };
}
