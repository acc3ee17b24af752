/**
 * The LSP frame reader (compiler/lsp/framing.ts) in-process: good frames split anywhere, and
 * every kind of broken frame skipped with an error while the frames after it still arrive.
 */
import { describe, expect, it } from "vitest";
import { FrameParser, MAX_FRAME, MAX_HEADER, type Frame } from "../../compiler/lsp/framing.js";

const frame = (body: string): string => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const msg = (id: number): string => JSON.stringify({ jsonrpc: "2.0", id, method: "ping" });

/** Feeds `input` in chunks of `size` bytes; returns ids of messages and codes of errors. */
function run(input: string | Buffer, size = Infinity): (number | string)[] {
  const p = new FrameParser();
  const bytes = typeof input === "string" ? Buffer.from(input) : input;
  const out: Frame[] = [];
  for (let i = 0; i < bytes.length; i += Math.min(size, bytes.length))
    out.push(...p.push(bytes.subarray(i, i + Math.min(size, bytes.length))));
  return out.map((f) =>
    "message" in f
      ? ((f.message as unknown as { id?: number }).id ?? "notification")
      : `E${f.error.code}`,
  );
}

describe("FrameParser", () => {
  it("reads frames however the bytes are split, multi-byte UTF-8 included", () => {
    const text = frame(msg(1)) + frame(JSON.stringify({ jsonrpc: "2.0", id: 2, params: "é😀" }));
    for (const size of [1, 2, 3, 7, 64, Infinity]) expect(run(text, size)).toEqual([1, 2]);
  });

  it("skips a header whose Content-Length is not a number, then reads on", () => {
    const bad = `Content-Length: abc\r\n\r\n${msg(9)}`;
    for (const size of [1, 5, Infinity])
      expect(run(bad + frame(msg(1)), size)).toEqual(["E-32700", 1]);
  });

  it("skips a header without Content-Length, a body that is not JSON and one that is no message", () => {
    const input = `X-Other: 1\r\n\r\n${frame("not json")}${frame("[1, 2]")}${frame("42")}${frame(msg(3))}`;
    expect(run(input)).toEqual(["E-32700", "E-32700", "E-32600", "E-32600", 3]);
  });

  it("skips garbage without any header end, once per MAX_HEADER bytes", () => {
    const junk = "x".repeat(MAX_HEADER * 3);
    const r = run(junk + frame(msg(4)), 1000);
    expect(r.at(-1)).toBe(4);
    expect(r.slice(0, -1).every((c) => c === "E-32700")).toBe(true);
  });

  it("discards a frame larger than MAX_FRAME without buffering it", () => {
    const p = new FrameParser();
    const out = p.push(Buffer.from(`Content-Length: ${MAX_FRAME + 10}\r\n\r\n`));
    expect(out.map((f) => ("error" in f ? f.error.code : 0))).toEqual([-32600]);
    const chunk = Buffer.alloc(1 << 20, 120);
    for (let sent = 0; sent < MAX_FRAME + 10; sent += chunk.length) {
      const n = Math.min(chunk.length, MAX_FRAME + 10 - sent);
      expect(p.push(chunk.subarray(0, n))).toEqual([]);
    }
    expect(p.push(Buffer.from(frame(msg(5)))).map((f) => "message" in f)).toEqual([true]);
  });

  it("treats Content-Length: 0 as an empty body (not JSON)", () => {
    expect(run(`Content-Length: 0\r\n\r\n${frame(msg(6))}`)).toEqual(["E-32700", 6]);
  });
});
