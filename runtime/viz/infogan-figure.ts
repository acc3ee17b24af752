/**
 * The InfoGAN code figure (Chen et al. 2016, Fig. 2): one row per value of a categorical code,
 * columns sweeping one continuous code dimension from −range to +range, with the noise and all
 * other codes fixed, so each row shows what the categorical value means and each column what the
 * continuous code does.
 */
import { imageGrid } from "./grid.js";
import { traversalValues, type DecodeFn } from "./traversal.js";

export interface InfoganFigureOptions {
  /** The generator's mean image for inputs [n, D] (noise ‖ codes, D = base.length): [n, H, W, C] in [0, 1]. */
  generate: DecodeFn;
  /** The fixed generator input [D]: noise, and the values of codes not swept. */
  base: Float32Array;
  /** Where the one-hot categorical code sits in the input, and its k classes. */
  categorical: { offset: number; k: number };
  /** Index in the input of the continuous code dimension swept along the columns. */
  continuous: number;
  /** Sweep from −range to +range (default 2, as in the paper). */
  range?: number;
  /** Columns (default 10). */
  points?: number;
  imageShape: [number, number, number];
}

/**
 * The generator inputs of the figure, [k·points, D] row-major: cell (row r, column j) has the
 * categorical code one-hot at r and input `continuous` = −range + 2·range·j/(points − 1).
 * @throws RangeError when the code positions fall outside the input or overlap.
 */
export function infoganFigureInputs(opts: InfoganFigureOptions): {
  inputs: Float32Array;
  rows: number;
  cols: number;
  values: number[];
} {
  const D = opts.base.length;
  const { offset, k } = opts.categorical;
  const points = opts.points ?? 10;
  const range = opts.range ?? 2;
  if (!(Number.isInteger(k) && k >= 2 && offset >= 0 && offset + k <= D)) {
    throw new RangeError(
      `infoganFigure: categorical code [${offset}, ${offset + k}) is outside the ${D}-dim generator input`,
    );
  }
  const j = opts.continuous;
  if (!(Number.isInteger(j) && j >= 0 && j < D) || (j >= offset && j < offset + k)) {
    throw new RangeError(
      `infoganFigure: continuous index ${j} is outside the input or inside the categorical code`,
    );
  }
  if (!(Number.isInteger(points) && points >= 1) || !(range > 0))
    throw new RangeError(`infoganFigure: need points ≥ 1 and range > 0`);
  const values = traversalValues(range, points);
  const inputs = new Float32Array(k * points * D);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < points; c++) {
      const row = inputs.subarray((r * points + c) * D, (r * points + c + 1) * D);
      row.set(opts.base);
      row.fill(0, offset, offset + k);
      row[offset + r] = 1;
      row[j] = values[c]!;
    }
  }
  return { inputs, rows: k, cols: points, values };
}

/** Renders the figure: a PNG grid of k rows × points columns of generated images. */
export async function infoganFigure(
  opts: InfoganFigureOptions,
): Promise<{ png: Buffer; width: number; height: number; rows: number; cols: number }> {
  const { inputs, rows, cols } = infoganFigureInputs(opts);
  const images = await opts.generate(inputs, rows * cols);
  const grid = imageGrid(images, rows * cols, opts.imageShape, cols);
  return { ...grid, rows, cols };
}
