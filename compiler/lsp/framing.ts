/**
 * The language server's reader of LSP frames (`Content-Length: N\r\n\r\n` + N bytes of JSON),
 * written to survive any input: a header without a valid Content-Length, a header that never
 * ends, a body that is not JSON or not a message, or a frame larger than {@link MAX_FRAME} is
 * skipped and reported as a JSON-RPC error (the server answers it with `id: null`), and reading
 * goes on with the next frame. (vscode-jsonrpc's own reader stops for good after one bad
 * header: every later request, `shutdown` and `exit` included, went unanswered.)
 */
import type { Disposable, Message, MessageReader } from "vscode-languageserver/node.js";

type LspNode = typeof import("vscode-languageserver/node.js");

/** The largest frame read (bytes): a 1 MiB spec is at most ~6 MiB of escaped JSON. */
export const MAX_FRAME = 64 * 1024 * 1024;
/** The longest header block (bytes) before the input is taken for garbage. */
export const MAX_HEADER = 8 * 1024;

/** A frame read: a message, or why the bytes were skipped (a JSON-RPC error code and text). */
export type Frame =
  | { readonly message: Message }
  | { readonly error: { readonly code: number; readonly message: string } };

const SEPARATOR = Buffer.from("\r\n\r\n");
const MARKER = "content-length:";
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/** Splits a byte stream into LSP frames; pure, so the tests can feed it any bytes. */
export class FrameParser {
  private head: Buffer = Buffer.alloc(0);
  private body: Buffer[] = [];
  private bodySize = 0;
  /** Bytes of the current body still to come (-1 while reading a header). */
  private need = -1;
  /** Bytes of an oversized body still to discard. */
  private skip = 0;
  /** After a bad header: discarding bytes up to the next `Content-Length:`. */
  private syncing = false;

  /** Feeds `chunk`; returns the frames it completes, in order. */
  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    let rest: Buffer | undefined = chunk;
    while (rest !== undefined && rest.length > 0) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, rest.length);
        this.skip -= n;
        rest = rest.subarray(n);
      } else if (this.need >= 0) {
        rest = this.takeBody(rest, out);
      } else {
        this.head = this.head.length === 0 ? rest : Buffer.concat([this.head, rest]);
        rest = undefined;
        if (this.syncing && !this.resync()) break;
        const more = this.takeHeader(out);
        if (more !== undefined) rest = more;
      }
    }
    return out;
  }

  private takeBody(chunk: Buffer, out: Frame[]): Buffer | undefined {
    const n = Math.min(this.need - this.bodySize, chunk.length);
    this.body.push(chunk.subarray(0, n));
    this.bodySize += n;
    if (this.bodySize < this.need) return undefined;
    const bytes = Buffer.concat(this.body, this.bodySize);
    this.body = [];
    this.bodySize = 0;
    this.need = -1;
    out.push(decode(bytes));
    return chunk.subarray(n);
  }

  /** Reads one header from `head`; returns what follows it (undefined: wait for more bytes). */
  private takeHeader(out: Frame[]): Buffer | undefined {
    const head = this.head;
    const end = head.indexOf(SEPARATOR);
    if (end < 0) {
      if (head.length <= MAX_HEADER) return undefined;
      this.head = Buffer.alloc(0);
      out.push(fail(PARSE_ERROR, `a header longer than ${MAX_HEADER} bytes without an end`));
      this.syncing = true;
      return head.subarray(1);
    }
    this.head = Buffer.alloc(0);
    const header = head.subarray(0, end).toString("ascii");
    const after = head.subarray(end + SEPARATOR.length);
    const value = /(?:^|\r\n)content-length:[ \t]*([^\r\n]*)/i.exec(header)?.[1]?.trim();
    if (value === undefined || !/^\d{1,15}$/.test(value)) {
      const why = value === undefined ? "no Content-Length" : `Content-Length \`${value}\``;
      out.push(fail(PARSE_ERROR, `a header with ${why} (skipped to the next header)`));
      this.syncing = true;
      return after;
    }
    const length = Number(value);
    if (length > MAX_FRAME) {
      out.push(fail(INVALID_REQUEST, `a message of ${length} bytes, over ${MAX_FRAME} (skipped)`));
      this.skip = length;
      return after;
    }
    this.need = length;
    if (length === 0) return this.takeBody(after, out) ?? Buffer.alloc(0);
    return after;
  }

  /**
   * Drops the bytes of `head` before the next `Content-Length:`; false (keeping only a tail that
   * may begin it) when there is none yet.
   */
  private resync(): boolean {
    const text = this.head.toString("latin1").toLowerCase();
    const at = text.indexOf(MARKER);
    if (at < 0) {
      this.head = Buffer.from(this.head.subarray(Math.max(0, this.head.length - MARKER.length)));
      return false;
    }
    this.head = this.head.subarray(at);
    this.syncing = false;
    return true;
  }
}

function fail(code: number, message: string): Frame {
  return { error: { code, message: `disc lsp: ${message}` } };
}

function decode(bytes: Buffer): Frame {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    return fail(PARSE_ERROR, `a body that is not JSON (${(err as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return fail(INVALID_REQUEST, "a body that is not a JSON-RPC message object");
  return { message: value as Message };
}

/**
 * A MessageReader over `input` built on {@link FrameParser}; `onBadFrame` hears of every frame
 * skipped (the server answers each with a JSON-RPC error).
 */
export function frameReader(
  lsp: LspNode,
  input: NodeJS.ReadableStream,
  onBadFrame: (error: { code: number; message: string }) => void,
): MessageReader {
  class Reader extends lsp.AbstractMessageReader {
    listen(callback: (m: Message) => void): Disposable {
      const parser = new FrameParser();
      const onData = (chunk: Buffer | string): void => {
        const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        for (const f of parser.push(bytes)) {
          if ("message" in f) callback(f.message);
          else onBadFrame(f.error);
        }
      };
      const onClose = (): void => this.fireClose();
      const onError = (e: Error): void => this.fireError(e);
      input.on("data", onData);
      input.on("end", onClose);
      input.on("close", onClose);
      input.on("error", onError);
      return {
        dispose: () => {
          input.off("data", onData);
          input.off("end", onClose);
          input.off("close", onClose);
          input.off("error", onError);
        },
      };
    }
  }
  return new Reader();
}
