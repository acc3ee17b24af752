/**
 * The language server under hostile input, driven over stdio: broken frames are answered with
 * JSON-RPC errors and the server keeps serving (shutdown and exit included); a document nested
 * 10,000 deep gets the nesting diagnostic and completion and formatting still answer; documents
 * around the 1 MiB size limit get their diagnostics in bounded time and memory.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { LspClient } from "./client.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
const VAE = readFileSync(`${EXAMPLES}beta-vae.dis`, "utf8");
const uri = "untitled:hostile.dis";
let client: LspClient | undefined;

afterEach(() => {
  client?.proc.kill();
  client = undefined;
});

const open = (c: LspClient, text: string): void =>
  c.notify("textDocument/didOpen", {
    textDocument: { uri, languageId: "dis", version: 1, text },
  });

describe("disc lsp under hostile input", () => {
  it("answers malformed frames with errors and keeps serving, shutdown and exit included", async () => {
    const c = (client = new LspClient());
    c.raw('Content-Length: abc\r\n\r\n{"jsonrpc":"2.0","id":7,"method":"initialize","params":{}}');
    const bad = await c.waitFor((m) => m.id === null && m.error !== undefined);
    expect(bad.error!.code).toBe(-32700);
    expect(bad.error!.message).toMatch(/Content-Length `abc`/);
    await c.initialize();
    c.raw("Content-Length: 9\r\n\r\nnot json!");
    c.raw("X-Nothing: 1\r\n\r\n");
    c.raw("Content-Length: 4\r\n\r\n[1,2]"); // 4 bytes of a 5-byte array: never JSON
    c.raw("Content-Length: 2\r\n\r\n42");
    open(c, VAE);
    const diags = await c.diagnostics(uri);
    expect(diags).toEqual([]);
    const errors = c.received.filter((m) => m.id === null && m.error).map((m) => m.error!.code);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    const hover = await c.request("textDocument/hover", {
      textDocument: { uri },
      position: { line: 9, character: 27 },
    });
    expect(hover.error).toBeUndefined();
    expect(JSON.stringify(hover.result)).toMatch(/kl/);
    const shutdown = await c.request("shutdown", null);
    expect(shutdown.error).toBeUndefined();
    c.notify("exit", null);
    expect(await c.exited()).toBe(0);
  }, 60_000);

  it("a document nested 10,000 deep gets DIS1009; completion and formatting answer", async () => {
    const c = (client = new LspClient());
    await c.initialize();
    const deep = VAE.replace("4.0 * kl(z)", `${"(".repeat(10_000)}kl(z)${")".repeat(10_000)}`);
    const pending = c.diagnostics(uri);
    open(c, deep);
    expect((await pending).map((d) => d.code)).toEqual(["DIS1009"]);
    const at = { textDocument: { uri }, position: { line: 9, character: 5000 } };
    const completion = await c.request("textDocument/completion", at);
    expect(completion.error).toBeUndefined();
    const formatting = await c.request("textDocument/formatting", {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(formatting.error).toBeUndefined();
    expect(formatting.result).toEqual([]);
    const symbols = await c.request("textDocument/documentSymbol", { textDocument: { uri } });
    expect(symbols.error).toBeUndefined();
  }, 60_000);

  it("documents around 1 MiB: over the limit at once, under it in bounded time and memory", async () => {
    const c = (client = new LspClient());
    await c.initialize();
    const models: string[] = [];
    for (let i = 0; models.join("\n").length < 1_000_000; i++)
      models.push(VAE.replace("model beta_vae", `model m${i}`));
    const under = models.join("\n");
    const over = `${under}\n//${"x".repeat(1_048_576 - under.length)}`;
    let t0 = Date.now();
    let pending = c.diagnostics(uri);
    open(c, over);
    expect((await pending).map((d) => d.code)).toEqual(["DIS1008"]);
    expect(Date.now() - t0).toBeLessThan(10_000);
    t0 = Date.now();
    pending = c.diagnostics(uri);
    c.notify("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: under }],
    });
    expect(await pending).toEqual([]);
    const took = Date.now() - t0;
    expect(took).toBeLessThan(30_000);
    const completion = await c.request("textDocument/completion", {
      textDocument: { uri },
      position: { line: 9, character: 20 },
    });
    expect(completion.error).toBeUndefined();
    const peak = c.peakRssKb();
    if (peak !== undefined) expect(peak).toBeLessThan(1_200_000);
    console.log(`1 MB spec: first diagnostics in ${took} ms, server peak RSS ${peak} kB`);
  }, 120_000);
});
