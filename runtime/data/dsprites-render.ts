/**
 * Procedural dSprites renderer (Matthey et al. 2017). No generator code was published; the
 * geometry below was measured from the published images.
 *
 * Canvas 64×64, binary, no anti-aliasing. Pixel (row r, col c) is on iff the point
 * (c + 0.5, r + 0.5) lies strictly inside the shape. Shape frame: u right, v up, centred at
 * (cx, cy) = (16 + 32·posX, 16 + 32·posY) px; rotation turns the sprite counter-clockwise as
 * displayed. posY = 0 is the TOP of the canvas (POS_Y_DOWN; unverified against the real file).
 *
 * Rendering is by scanline: for each pixel row the inside of the shape is an exact union of
 * x-intervals (polygon edge crossings for square and heart — the even-odd point-in-polygon
 * rule — and a quadratic for the ellipse), so an image costs O(rows · edges), not O(pixels · edges).
 */

export const DSPRITES_SIZE = 64;
/** Class counts of (color, shape, scale, orientation, posX, posY). */
export const DSPRITES_CLASS_COUNTS = [1, 3, 6, 40, 32, 32] as const;
/** Canonical strides: index = classes · STRIDES (posY fastest). */
export const DSPRITES_STRIDES = [737280, 245760, 40960, 1024, 32, 1] as const;
/** Number of images in the full grid. */
export const DSPRITES_N = 737280;
/** posY = 0 renders at the top (row 16); flip here if the real file says otherwise. */
export const POS_Y_DOWN = true;
/** Vertices of the heart polygon (the parametric curve sampled uniformly in t). */
export const HEART_VERTICES = 256;

/** Factor value of a class index: scale = linspace(0.5,1,6), orientation = linspace(0,2π,40), pos = linspace(0,1,32). */
export function scaleValue(k: number): number {
  return 0.5 + (0.5 * k) / 5;
}
/** Orientation of class k in radians, linspace(0, 2π, 40) (k = 0 and 39 render the same image). */
export function orientationValue(k: number): number {
  return (2 * Math.PI * k) / 39;
}
/** posX / posY of class k in [0, 1], linspace(0, 1, 32). */
export function positionValue(k: number): number {
  return k / 31;
}

/** Unit heart curve x = 16 sin³t, y = 13 cos t − 5 cos 2t − 2 cos 3t − cos 4t (y up). */
const HEART_UNIT: Float64Array = (() => {
  const out = new Float64Array(2 * HEART_VERTICES);
  for (let i = 0; i < HEART_VERTICES; i++) {
    const t = (2 * Math.PI * i) / HEART_VERTICES;
    const s = Math.sin(t);
    out[2 * i] = 16 * s * s * s;
    out[2 * i + 1] = 13 * Math.cos(t) - 5 * Math.cos(2 * t) - 2 * Math.cos(3 * t) - Math.cos(4 * t);
  }
  return out;
})();

const SQUARE_UNIT = new Float64Array([-0.5, -0.5, 0.5, -0.5, 0.5, 0.5, -0.5, 0.5]);

/** Fill pixels whose centre lies in the open interval (x0, x1) on row r. */
function fillSpan(out: Uint8Array, base: number, r: number, x0: number, x1: number): void {
  const size = DSPRITES_SIZE;
  let c0 = Math.floor(x0 - 0.5) + 1; // smallest c with c + 0.5 > x0
  let c1 = Math.ceil(x1 - 0.5) - 1; // largest c with c + 0.5 < x1
  if (c0 < 0) c0 = 0;
  if (c1 > size - 1) c1 = size - 1;
  const row = base + r * size;
  for (let c = c0; c <= c1; c++) out[row + c] = 1;
}

const xs = new Float64Array(HEART_VERTICES + 8);

/** Scanline fill of a closed polygon given in pixel coordinates (x right, y down), even-odd rule. */
function fillPolygon(out: Uint8Array, base: number, poly: Float64Array, nv: number): void {
  let ymin = Infinity;
  let ymax = -Infinity;
  for (let i = 0; i < nv; i++) {
    const y = poly[2 * i + 1] as number;
    if (y < ymin) ymin = y;
    if (y > ymax) ymax = y;
  }
  const r0 = Math.max(0, Math.floor(ymin - 0.5));
  const r1 = Math.min(DSPRITES_SIZE - 1, Math.ceil(ymax - 0.5));
  for (let r = r0; r <= r1; r++) {
    const py = r + 0.5;
    let n = 0;
    for (let i = 0, j = nv - 1; i < nv; j = i++) {
      const yi = poly[2 * i + 1] as number;
      const yj = poly[2 * j + 1] as number;
      if (yi > py !== yj > py) {
        const xi = poly[2 * i] as number;
        const xj = poly[2 * j] as number;
        xs[n++] = xi + ((py - yi) * (xj - xi)) / (yj - yi);
      }
    }
    if (n < 2) continue;
    const sorted = xs.subarray(0, n).sort();
    for (let k = 0; k + 1 < n; k += 2)
      fillSpan(out, base, r, sorted[k] as number, sorted[k + 1] as number);
  }
}

const polyBuf = new Float64Array(2 * HEART_VERTICES);

/**
 * Renders one sprite into `out[base .. base + 4096)` as 0/1 bytes (row-major 64×64), after
 * clearing that range. shape: 0 square, 1 ellipse, 2 heart; scale is the factor value (0.5–1; a
 * square is 20·scale px wide);
 * theta in radians (CCW); posX, posY in [0, 1]. Throws RangeError for an unknown shape.
 */
export function renderSprite(
  out: Uint8Array,
  base: number,
  shape: number,
  scale: number,
  theta: number,
  posX: number,
  posY: number,
): void {
  const size = DSPRITES_SIZE;
  out.fill(0, base, base + size * size);
  // 2π ≡ 0: reduce so that orientation 39 and 0 give bit-identical images.
  const t = theta % (2 * Math.PI);
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const cx = 16 + 32 * posX;
  const cy = POS_Y_DOWN ? 16 + 32 * posY : 48 - 32 * posY;
  if (shape === 1) {
    const a = 12.75 * scale;
    const b = 7.25 * scale;
    const ia = 1 / (a * a);
    const ib = 1 / (b * b);
    // Pixel offset (dx, dy_up) → frame (u, v) = R(−θ)(dx, dy_up); inside iff u²/a² + v²/b² < 1.
    const A = cos * cos * ia + sin * sin * ib;
    const Bk = 2 * cos * sin * (ia - ib);
    const Ck = sin * sin * ia + cos * cos * ib;
    const r0 = Math.max(0, Math.floor(cy - a - 1));
    const r1 = Math.min(size - 1, Math.ceil(cy + a + 1));
    for (let r = r0; r <= r1; r++) {
      const dy = cy - (r + 0.5);
      const B = Bk * dy;
      const C = Ck * dy * dy - 1;
      const disc = B * B - 4 * A * C;
      if (disc <= 0) continue;
      const sq = Math.sqrt(disc);
      fillSpan(out, base, r, cx + (-B - sq) / (2 * A), cx + (-B + sq) / (2 * A));
    }
    return;
  }
  let unit: Float64Array;
  let sx: number;
  let sy: number;
  let shiftUp: number;
  if (shape === 0) {
    unit = SQUARE_UNIT;
    sx = sy = 20 * scale;
    shiftUp = 0;
  } else if (shape === 2) {
    unit = HEART_UNIT;
    sx = 0.6 * scale;
    sy = 0.65 * scale;
    shiftUp = 1.5 * scale;
  } else {
    throw new RangeError(
      `renderSprite: shape must be 0 (square), 1 (ellipse) or 2 (heart), got ${shape}`,
    );
  }
  const nv = unit.length / 2;
  for (let i = 0; i < nv; i++) {
    const u = (unit[2 * i] as number) * sx;
    const v = (unit[2 * i + 1] as number) * sy + shiftUp;
    polyBuf[2 * i] = cx + u * cos - v * sin;
    polyBuf[2 * i + 1] = cy - (u * sin + v * cos);
  }
  fillPolygon(out, base, polyBuf, nv);
}

/**
 * 2×2 average pooling of n binary 64×64 images (bytes) into float32 [n, 32, 32] values in
 * {0, 0.25, 0.5, 0.75, 1}, written at `out[outBase …]`.
 */
export function pool2x2(
  src: Uint8Array,
  srcBase: number,
  out: Float32Array,
  outBase: number,
): void {
  const s = DSPRITES_SIZE;
  const h = s / 2;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < h; c++) {
      const p = srcBase + 2 * r * s + 2 * c;
      const sum =
        (src[p] as number) +
        (src[p + 1] as number) +
        (src[p + s] as number) +
        (src[p + s + 1] as number);
      out[outBase + r * h + c] = sum * 0.25;
    }
  }
}
