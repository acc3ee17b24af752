/** The intervention grid of `disc intervene`: rows = examples, columns = input, then do(z_i = v) per value. */
import { imageGrid } from "../viz/grid.js";

export interface InterventionGridOptions {
  /** Input images float32 [n, H, W, C] in [0, 1]. */
  readonly inputs: Float32Array;
  readonly n: number;
  readonly imageShape: readonly [number, number, number];
  /** The intervention values v, one column each. */
  readonly values: readonly number[];
  /** Decoded images [n, H, W, C] for do(z_i = v) applied to the n inputs. */
  readonly render: (value: number) => Promise<Float32Array> | Float32Array;
}

/**
 * Renders the grid as PNG bytes: row r = [input_r, x̂_r(do(z_i = v_1)), …]. Throws when a render
 * returns the wrong number of values or no values are given.
 */
export async function interventionGrid(
  opts: InterventionGridOptions,
): Promise<{ png: Buffer; width: number; height: number }> {
  const { n, imageShape, values } = opts;
  if (values.length === 0) throw new Error("interventionGrid: no values");
  const size = imageShape[0] * imageShape[1] * imageShape[2];
  const cols = values.length + 1;
  const cells = new Float32Array(n * cols * size);
  const columns = [opts.inputs.subarray(0, n * size)];
  for (const v of values) {
    const imgs = await opts.render(v);
    if (imgs.length !== n * size)
      throw new Error(
        `interventionGrid: render(${v}) gave ${imgs.length} values, expected ${n * size}`,
      );
    columns.push(imgs);
  }
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < cols; c++)
      cells.set(columns[c]!.subarray(r * size, (r + 1) * size), (r * cols + c) * size);
  }
  return imageGrid(cells, n * cols, imageShape, cols);
}
