/**
 * A scripted LSP session with `node bin/disc.js lsp` over stdio: initialize, didOpen of a spec
 * with errors (the compiler's codes and spans come back as diagnostics), completion of stdlib
 * names and named arguments, hover with an entry's doc and parameters, go to definition,
 * document symbols, formatting, shutdown and exit.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** A minimal JSON-RPC client over the server's stdio (Content-Length framing). */
class Client {
  private buf = Buffer.alloc(0);
  private id = 0;
  private readonly pending = new Map<number, (v: unknown) => void>();
  readonly notifications: { method: string; params: unknown }[] = [];
  private readonly waiters: { method: string; uri?: string; resolve: (p: unknown) => void }[] = [];

  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    proc.stdout.on("data", (d: Buffer) => this.onData(d));
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const sep = this.buf.indexOf("\r\n\r\n");
      if (sep < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(this.buf.subarray(0, sep).toString())?.[1]);
      if (this.buf.length < sep + 4 + len) return;
      const msg = JSON.parse(this.buf.subarray(sep + 4, sep + 4 + len).toString()) as {
        id?: number;
        method?: string;
        params?: unknown;
        result?: unknown;
      };
      this.buf = this.buf.subarray(sep + 4 + len);
      if (msg.id !== undefined && msg.method === undefined) this.pending.get(msg.id)?.(msg.result);
      else if (msg.method !== undefined) {
        this.notifications.push({ method: msg.method, params: msg.params });
        const uri = (msg.params as { uri?: string } | undefined)?.uri;
        const i = this.waiters.findIndex(
          (w) => w.method === msg.method && (w.uri === undefined || w.uri === uri),
        );
        if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(msg.params);
      }
    }
  }

  private send(msg: object): void {
    const body = JSON.stringify({ jsonrpc: "2.0", ...msg });
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = ++this.id;
    return new Promise<T>((resolve) => {
      this.pending.set(id, resolve as (v: unknown) => void);
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** The next notification `method` (about document `uri`, when given). */
  next<T>(method: string, uri?: string): Promise<T> {
    return new Promise<T>((resolve) =>
      this.waiters.push({ method, uri, resolve: resolve as (p: unknown) => void }),
    );
  }
}

interface Diag {
  range: { start: { line: number; character: number } };
  code: string;
  severity: number;
  message: string;
}
interface Item {
  label: string;
  insertText?: string;
  detail?: string;
}

const BROKEN = `model m {
  data dsprites(batch: 64)
  latent z ~ normal(10)
  encoder conv64(): x -> z
  decoder deconv64(): z -> x ~ bernoulli
  loss = recon(x) + 4 * total_corelation(z)
  train { steps: 10 }
}
`;
const UNFORMATTED = `model m { data dsprites(batch:64)
latent z~normal(10)
encoder conv64():x->z
decoder deconv64():z->x~bernoulli
loss=recon(x)+kl(z) // beta = 1
}
`;
const uri = pathToFileURL(join(REPO, "test/lsp/virtual.dis")).href;
let client: Client;

beforeAll(async () => {
  const proc = spawn(process.execPath, [join(REPO, "bin/disc.js"), "lsp", "--stdio"], {
    cwd: REPO,
  });
  client = new Client(proc);
  const init = await client.request<{ capabilities: Record<string, unknown> }>("initialize", {
    processId: null,
    rootUri: null,
    capabilities: {},
  });
  expect(init.capabilities).toMatchObject({
    hoverProvider: true,
    definitionProvider: true,
    documentFormattingProvider: true,
    documentSymbolProvider: true,
  });
  client.notify("initialized", {});
}, 60_000);

afterAll(async () => {
  await client.request("shutdown", null);
  client.notify("exit", null);
  await new Promise((r) => client.proc.once("exit", r));
});

describe("disc lsp", () => {
  it("publishes the compiler's diagnostics (code, span, hint) on didOpen and clears them on a fix", async () => {
    const published = client.next<{ uri: string; diagnostics: Diag[] }>(
      "textDocument/publishDiagnostics",
      uri,
    );
    client.notify("textDocument/didOpen", {
      textDocument: { uri, languageId: "dis", version: 1, text: BROKEN },
    });
    const p = await published;
    expect(p.uri).toBe(uri);
    expect(p.diagnostics.map((d) => d.code)).toEqual(["DIS2001"]);
    const d = p.diagnostics[0]!;
    expect(d.range.start).toEqual({ line: 5, character: 24 }); // `total_corelation`, 0-based
    expect(d.severity).toBe(1);
    expect(d.message).toMatch(/did you mean `total_correlation`/);
    const fixed = client.next<{ diagnostics: Diag[] }>("textDocument/publishDiagnostics", uri);
    client.notify("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          range: { start: { line: 5, character: 24 }, end: { line: 5, character: 40 } },
          text: "total_correlation",
        },
      ],
    });
    // no error is left; the warning that only total_correlation reads z (no prior term) remains
    expect((await fixed).diagnostics.map((x) => [x.code, x.severity])).toEqual([["DIS3053", 2]]);
  }, 30_000);

  it("completes stdlib names and a call's named arguments", async () => {
    // line 5 is now `  loss = recon(x) + 4 * total_correlation(z)`; then `, ` is typed after `z`
    const names = await client.request<Item[]>("textDocument/completion", {
      textDocument: { uri },
      position: { line: 5, character: 20 },
    });
    expect(names.map((i) => i.label)).toEqual(
      expect.arrayContaining(["kl", "total_correlation", "capacity", "anneal"]),
    );
    client.notify("textDocument/didChange", {
      textDocument: { uri, version: 3 },
      contentChanges: [
        {
          range: { start: { line: 5, character: 43 }, end: { line: 5, character: 43 } },
          text: ", ",
        },
      ],
    });
    const args = await client.request<Item[]>("textDocument/completion", {
      textDocument: { uri },
      position: { line: 5, character: 45 },
    });
    expect(args.filter((i) => i.insertText?.endsWith(": ")).map((i) => i.label)).toEqual(
      expect.arrayContaining(["estimator", "constants"]),
    );
    const train = await client.request<Item[]>("textDocument/completion", {
      textDocument: { uri },
      position: { line: 6, character: 10 },
    });
    expect(train.map((i) => i.label)).toEqual(
      expect.arrayContaining(["steps", "optimizer", "seed"]),
    );
  });

  it("hovers with an entry's doc and parameters", async () => {
    const h = await client.request<{ contents: { value: string } }>("textDocument/hover", {
      textDocument: { uri },
      position: { line: 5, character: 30 },
    });
    expect(h.contents.value).toMatch(/^\*\*total_correlation\*\* — penalty/);
    expect(h.contents.value).toMatch(/`estimator`: /);
    expect(h.contents.value).toMatch(/Chen et al\. 2018/);
  });

  it("goes to the declaration of a name and lists the document's symbols", async () => {
    const def = await client.request<{
      uri: string;
      range: { start: { line: number; character: number } };
    }>("textDocument/definition", { textDocument: { uri }, position: { line: 5, character: 43 } });
    expect(def).toMatchObject({ uri, range: { start: { line: 2, character: 9 } } });
    const syms = await client.request<{ name: string; children: { name: string }[] }[]>(
      "textDocument/documentSymbol",
      { textDocument: { uri } },
    );
    expect(syms.map((s) => s.name)).toEqual(["m"]);
    expect(syms[0]!.children.map((c) => c.name)).toEqual([
      "data dsprites",
      "z",
      "encoder",
      "decoder",
      "loss",
      "train",
    ]);
  });

  it("formats the document, keeping comments", async () => {
    const u2 = uri.replace("virtual.dis", "unformatted.dis");
    client.notify("textDocument/didOpen", {
      textDocument: { uri: u2, languageId: "dis", version: 1, text: UNFORMATTED },
    });
    const edits = await client.request<{ newText: string }[]>("textDocument/formatting", {
      textDocument: { uri: u2 },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits).toHaveLength(1);
    expect(edits[0]!.newText).toBe(`model m {
  data dsprites(batch: 64)
  latent z ~ normal(10)
  encoder conv64(): x -> z
  decoder deconv64(): z -> x ~ bernoulli
  loss = recon(x) + kl(z) // beta = 1
}
`);
  });

  it("loads `use` modules: a user penalty is checked, hovered and defined like a built-in", async () => {
    const spec = join(REPO, "examples/custom-penalty/custom-penalty.dis");
    const u3 = pathToFileURL(spec).href;
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(spec, "utf8");
    const published = client.next<{ uri: string; diagnostics: Diag[] }>(
      "textDocument/publishDiagnostics",
      u3,
    );
    client.notify("textDocument/didOpen", {
      textDocument: { uri: u3, languageId: "dis", version: 1, text },
    });
    expect((await published).diagnostics).toEqual([]);
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes("kl_target("));
    const character = lines[line]!.indexOf("kl_target") + 2;
    const h = await client.request<{ contents: { value: string } }>("textDocument/hover", {
      textDocument: { uri: u3 },
      position: { line, character },
    });
    expect(h.contents.value).toMatch(
      /^\*\*kl_target\*\* — penalty from `\.\/penalties\/kl-target\.ts`/,
    );
    expect(h.contents.value).toMatch(/`target`: number \(nats\)/);
    const def = await client.request<{ uri: string }>("textDocument/definition", {
      textDocument: { uri: u3 },
      position: { line, character },
    });
    expect(def.uri).toBe(
      pathToFileURL(join(REPO, "examples/custom-penalty/penalties/kl-target.ts")).href,
    );
    const missing = client.next<{ diagnostics: Diag[] }>("textDocument/publishDiagnostics", u3);
    client.notify("textDocument/didChange", {
      textDocument: { uri: u3, version: 2 },
      contentChanges: [
        { text: text.replace(`"./penalties/kl-target.ts"`, `"./penalties/kl-targte.ts"`) },
      ],
    });
    const d = (await missing).diagnostics;
    expect(d.map((x) => x.code)).toEqual(["DIS2101", "DIS2001"]);
    expect(d[0]!.range.start.line).toBe(lines.findIndex((l) => l.startsWith("use ")));
  }, 30_000);
});
