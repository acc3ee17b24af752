/**
 * A minimal JSON-RPC client for `disc lsp --stdio` (Content-Length framing) that can also write
 * raw bytes, for tests that feed the server broken frames. Every message received is kept.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** A message from the server. */
export interface Received {
  readonly id?: number | string | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
}

/** A started server and a client speaking to it. */
export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly received: Received[] = [];
  private buf = Buffer.alloc(0);
  private id = 0;
  private readonly waiters: { test: (m: Received) => boolean; resolve: (m: Received) => void }[] =
    [];

  constructor() {
    this.proc = spawn(process.execPath, [join(REPO, "bin/disc.js"), "lsp", "--stdio"], {
      cwd: REPO,
    });
    this.proc.stdout.on("data", (d: Buffer) => this.onData(d));
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const sep = this.buf.indexOf("\r\n\r\n");
      if (sep < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(this.buf.subarray(0, sep).toString())?.[1]);
      if (this.buf.length < sep + 4 + len) return;
      const msg = JSON.parse(this.buf.subarray(sep + 4, sep + 4 + len).toString()) as Received;
      this.buf = this.buf.subarray(sep + 4 + len);
      this.received.push(msg);
      const i = this.waiters.findIndex((w) => w.test(msg));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(msg);
    }
  }

  /** Writes bytes as they are. */
  raw(bytes: string | Buffer): void {
    this.proc.stdin.write(bytes);
  }

  /** Writes one well-formed frame. */
  send(msg: object): void {
    const body = JSON.stringify({ jsonrpc: "2.0", ...msg });
    this.raw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  /** The first message (already received or next) that passes `test`. */
  waitFor(test: (m: Received) => boolean): Promise<Received> {
    const seen = this.received.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** Sends a request; resolves to its response (result or error). */
  request(method: string, params: unknown): Promise<Received> {
    const id = ++this.id;
    this.send({ id, method, params });
    return this.waitFor((m) => m.id === id && m.method === undefined);
  }

  /** Sends a notification (no response). */
  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** The next `textDocument/publishDiagnostics` for `uri` after this call. */
  diagnostics(uri: string): Promise<{ code: string; message: string }[]> {
    const from = this.received.length;
    return new Promise((resolve) => {
      const test = (m: Received): boolean =>
        m.method === "textDocument/publishDiagnostics" &&
        (m.params as { uri: string }).uri === uri &&
        this.received.indexOf(m) >= from;
      this.waiters.push({
        test,
        resolve: (m) =>
          resolve((m.params as { diagnostics: { code: string; message: string }[] }).diagnostics),
      });
    });
  }

  /** Sends `initialize` and `initialized`. */
  async initialize(): Promise<void> {
    await this.request("initialize", { processId: null, rootUri: null, capabilities: {} });
    this.notify("initialized", {});
  }

  /** Peak resident memory of the server process (kB, Linux), or undefined. */
  peakRssKb(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.proc.pid}/status`, "utf8");
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Resolves with the exit code once the server exits. */
  exited(): Promise<number | null> {
    if (this.proc.exitCode !== null) return Promise.resolve(this.proc.exitCode);
    return new Promise((resolve) => this.proc.on("exit", (code) => resolve(code)));
  }
}
