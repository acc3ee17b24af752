/**
 * A one-feature linear SVM with the semantics of sklearn `LinearSVC(C, class_weight="balanced")`
 * (liblinear: squared hinge loss, L2 penalty on [w, b] with intercept_scaling = 1, one-vs-rest).
 * liblinear's OvR gives the positive class C·weight_c and the rest C; binary problems use one
 * model. We solve each primal problem exactly with Newton steps (liblinear stops its dual solver
 * at tol 1e-4, so coefficients agree to about that tolerance).
 */

/** Fitted one-vs-rest model over sorted class labels. */
export interface LinearSvc1D {
  readonly classes: number[];
  /** [w, b] per binary model (one model when there are 2 classes). */
  readonly coef: [number, number][];
}

/** minimise ½(w² + b²) + Σ_i c_i·max(0, 1 − y_i(w·x_i + b))² by Newton's method (2 × 2 system). */
function solveSquaredHinge(x: ArrayLike<number>, y: Int8Array, c: Float64Array): [number, number] {
  let w = 0;
  let b = 0;
  const n = x.length;
  const objective = (ww: number, bb: number): number => {
    let f = 0.5 * (ww * ww + bb * bb);
    for (let i = 0; i < n; i++) {
      const m = 1 - (y[i] as number) * (ww * (x[i] as number) + bb);
      if (m > 0) f += (c[i] as number) * m * m;
    }
    return f;
  };
  let f = objective(w, b);
  for (let it = 0; it < 50; it++) {
    let gw = w;
    let gb = b;
    let hww = 1;
    let hwb = 0;
    let hbb = 1;
    for (let i = 0; i < n; i++) {
      const xi = x[i] as number;
      const yi = y[i] as number;
      const m = 1 - yi * (w * xi + b);
      if (m <= 0) continue;
      const ci = c[i] as number;
      gw -= 2 * ci * yi * m * xi;
      gb -= 2 * ci * yi * m;
      hww += 2 * ci * xi * xi;
      hwb += 2 * ci * xi;
      hbb += 2 * ci;
    }
    const det = hww * hbb - hwb * hwb;
    const dw = (hbb * gw - hwb * gb) / det;
    const db = (hww * gb - hwb * gw) / det;
    if (Math.abs(gw) + Math.abs(gb) < 1e-10 * (1 + f)) break;
    let step = 1;
    let fNew = objective(w - dw, b - db);
    while (fNew > f - 1e-12 * step && step > 1e-8) {
      step *= 0.5;
      fNew = objective(w - step * dw, b - step * db);
    }
    if (step <= 1e-8) break;
    w -= step * dw;
    b -= step * db;
    const done = f - fNew < 1e-12 * (1 + f);
    f = fNew;
    if (done) break;
  }
  return [w, b];
}

/**
 * Fits LinearSVC(C, class_weight="balanced") on one feature.
 * @param x feature [n]; @param y integer labels [n]
 * @throws RangeError on length mismatch or fewer than 2 points.
 */
export function fitLinearSvc1D(x: ArrayLike<number>, y: ArrayLike<number>, C = 0.01): LinearSvc1D {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`fitLinearSvc1D: ${n} features but ${y.length} labels.`);
  if (n < 2) throw new RangeError("fitLinearSvc1D: needs at least 2 points.");
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(y[i] as number, (counts.get(y[i] as number) ?? 0) + 1);
  const classes = [...counts.keys()].sort((a, b) => a - b);
  if (classes.length < 2) return { classes, coef: [] };
  const weight = new Map(classes.map((k) => [k, n / (classes.length * (counts.get(k) as number))]));
  const yy = new Int8Array(n);
  const cc = new Float64Array(n);
  const binary = classes.length === 2;
  const models = binary ? [classes[1] as number] : classes;
  const coef = models.map((pos) => {
    for (let i = 0; i < n; i++) {
      const yi = y[i] as number;
      yy[i] = yi === pos ? 1 : -1;
      // OvR: positive class C·w_pos, the rest C; binary: each class its own weight.
      cc[i] = binary || yi === pos ? C * (weight.get(yi) as number) : C;
    }
    return solveSquaredHinge(x, yy, cc);
  });
  return { classes, coef };
}

/** Predicted labels [n]: argmax_c (w_c x + b_c) (first maximum wins); binary: classes[1] iff w x + b > 0. */
export function predictLinearSvc1D(model: LinearSvc1D, x: ArrayLike<number>): Int32Array {
  const out = new Int32Array(x.length);
  const { classes, coef } = model;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    if (coef.length === 0) out[i] = classes[0] ?? 0;
    else if (classes.length === 2) {
      const [w, b] = coef[0] as [number, number];
      out[i] = (w * xi + b > 0 ? classes[1] : classes[0]) as number;
    } else {
      let best = 0;
      let bestV = -Infinity;
      coef.forEach(([w, b], c) => {
        const v = w * xi + b;
        if (v > bestV) {
          bestV = v;
          best = c;
        }
      });
      out[i] = classes[best] as number;
    }
  }
  return out;
}
