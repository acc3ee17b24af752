/**
 * NumPy `.npz` archives (zip of `.npy` members, STORED or DEFLATED, zip64 as numpy writes
 * them) read with yauzl. Members are streamed: a member is decoded chunk by chunk and never
 * held twice, so a 3 GB `imgs` member can be reduced (bit-packed) on the fly.
 */
import yauzl from "yauzl";
import type { Entry, ZipFile } from "yauzl";
import { NpyStreamDecoder, typedArrayFor } from "./npy.js";
import type { NpyArray, NpyHeader } from "./npy.js";
import { DataFileError, withHint } from "../errors.js";

/** An open .npz: its members by key (file name without `.npy`). Call `close()` when done. */
export interface NpzArchive {
  readonly path: string;
  readonly keys: readonly string[];
  /** Streams member `key` through an NpyStreamDecoder; resolves when all data were delivered. */
  stream(
    key: string,
    onHeader: (h: NpyHeader) => void,
    onData: (bytes: Uint8Array, elementOffset: number) => void,
  ): Promise<NpyHeader>;
  /** Decodes member `key` fully into memory. */
  read(key: string): Promise<NpyArray>;
  close(): void;
}

/**
 * Opens an .npz archive and lists its members. Throws Error naming the path when the file is
 * missing or is not a zip archive.
 */
export function openNpz(path: string): Promise<NpzArchive> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => {
      if (err !== null || zip === undefined) {
        const message = `cannot open .npz archive '${path}': ${err?.message ?? "unknown error"}`;
        reject(new DataFileError(withHint(message, openHint(err, ".npz file"))));
        return;
      }
      const entries = new Map<string, Entry>();
      zip.on("entry", (e: Entry) => {
        if (!e.fileName.endsWith("/")) entries.set(e.fileName.replace(/\.npy$/, ""), e);
        zip.readEntry();
      });
      zip.on("end", () => resolve(makeArchive(path, zip, entries)));
      zip.on("error", (e: Error) =>
        reject(new DataFileError(`corrupt .npz archive '${path}': ${e.message}`)),
      );
      zip.readEntry();
    });
  });
}

/**
 * The hint for a data file that cannot be opened, by the error's code: a missing path (relative
 * paths are read from the spec's folder), a folder, a file this user cannot read, or a file that
 * is not the expected format.
 */
export function openHint(err: unknown, what: string): string {
  switch ((err as NodeJS.ErrnoException | null)?.code) {
    case "ENOENT":
    case "ENOTDIR":
      return `hint: check the data set's \`path:\` (a relative path is read from the spec's folder)`;
    case "EISDIR":
      return `hint: \`path:\` names a folder; give the ${what} inside it`;
    case "EACCES":
    case "EPERM":
      return `hint: this user cannot read it; make it readable (chmod a+r) or copy it somewhere readable`;
    default:
      return `hint: \`path:\` must name a ${what}`;
  }
}

function makeArchive(path: string, zip: ZipFile, entries: Map<string, Entry>): NpzArchive {
  const keys = [...entries.keys()];
  const entryOf = (key: string): Entry => {
    const e = entries.get(key);
    if (e === undefined) {
      throw new DataFileError(
        `.npz archive '${path}' has no member '${key}' (members: ${keys.join(", ") || "none"})`,
      );
    }
    return e;
  };
  const stream: NpzArchive["stream"] = (key, onHeader, onData) =>
    new Promise((resolve, reject) => {
      let entry: Entry;
      try {
        entry = entryOf(key);
      } catch (e) {
        reject(e as Error);
        return;
      }
      const what = `${path}:${key}.npy`;
      zip.openReadStream(entry, (err, rs) => {
        if (err !== null || rs === undefined) {
          reject(
            new DataFileError(
              `cannot read member '${key}' of '${path}': ${err?.message ?? "unknown error"}`,
            ),
          );
          return;
        }
        const dec = new NpyStreamDecoder(what, onHeader, onData);
        let failed = false;
        const fail = (e: Error): void => {
          if (failed) return;
          failed = true;
          rs.destroy();
          reject(
            new DataFileError(e.message.startsWith(what) ? e.message : `${what}: ${e.message}`),
          );
        };
        rs.on("data", (chunk: Buffer) => {
          if (failed) return;
          try {
            dec.push(chunk);
          } catch (e) {
            fail(e as Error);
          }
        });
        rs.on("error", fail);
        rs.on("end", () => {
          if (failed) return;
          try {
            dec.end();
            resolve(dec.header as NpyHeader);
          } catch (e) {
            fail(e as Error);
          }
        });
      });
    });
  return {
    path,
    keys,
    stream,
    async read(key: string): Promise<NpyArray> {
      let bytes = new Uint8Array(0);
      let itemSize = 1;
      const h = await stream(
        key,
        (hd) => {
          bytes = new Uint8Array(hd.count * hd.itemSize);
          itemSize = hd.itemSize;
        },
        (chunk, off) => bytes.set(chunk, off * itemSize),
      );
      return {
        dtype: h.dtype,
        shape: h.shape,
        data: typedArrayFor(h.dtype, bytes.buffer, h.count),
      };
    },
    close(): void {
      zip.close();
    },
  };
}

/**
 * Reads the named members (default: all) of an .npz file fully into memory.
 * Throws Error naming the path and member for a missing file/member or malformed data.
 */
export async function readNpz(
  path: string,
  keys?: readonly string[],
): Promise<Record<string, NpyArray>> {
  const npz = await openNpz(path);
  try {
    const out: Record<string, NpyArray> = {};
    for (const k of keys ?? npz.keys) out[k] = await npz.read(k);
    return out;
  } finally {
    npz.close();
  }
}
