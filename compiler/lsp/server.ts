/**
 * `disc lsp`: the language server over stdio (vscode-languageserver 9, LSP 3.17). Diagnostics as
 * you type (the compiler's own codes and spans, `use` modules loaded as `disc check` does),
 * completion, hover, go to definition, document symbols and formatting (services.ts).
 */
import { createRequire } from "node:module";
import { basename, dirname, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import { check } from "../index.js";
import { sortDiagnostics } from "../diagnostics/make.js";
import type { ExtendedRegistry } from "../extend/load-uses.js";
import { nodeModuleLoader } from "../extend/node-loader.js";
import { prepareSpec } from "../extend/prepare.js";
import { DISC_VERSION } from "../version.js";
import { frameReader } from "./framing.js";
import {
  completions,
  definition,
  documentSymbols,
  formatting,
  hover,
  offsetOf,
  toLspDiagnostic,
} from "./services.js";

type LspNode = typeof import("vscode-languageserver/node.js");
type ResponseMessage = import("vscode-languageserver/node.js").ResponseMessage;
const require = createRequire(import.meta.url);

/** The spec path of a document URI (`file:` URIs), else its last segment (no `use` modules then). */
function specPath(uri: string): { file: string; onDisk: boolean } {
  if (uri.startsWith("file:")) return { file: fileURLToPath(uri), onDisk: true };
  return { file: basename(uri), onDisk: false };
}

/**
 * Starts the server on stdin/stdout and resolves when the client sends `exit` (or the streams
 * close). Never writes anything but protocol messages to stdout.
 */
export function startLanguageServer(): Promise<void> {
  const lsp = require("vscode-languageserver/node") as LspNode;
  const writer = new lsp.StreamMessageWriter(process.stdout);
  // a frame that cannot be read is skipped and answered with a JSON-RPC error (framing.ts)
  const reader = frameReader(lsp, process.stdin, (error) => {
    void writer.write({ jsonrpc: "2.0", id: null, error } as ResponseMessage);
  });
  const connection = lsp.createConnection(lsp.ProposedFeatures.all, reader, writer);
  const documents = new lsp.TextDocuments(TextDocument);
  const registries = new Map<string, ExtendedRegistry | undefined>();
  const loader = nodeModuleLoader({ bust: true });

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: lsp.TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ["(", ",", " ", ":", "~"] },
      hoverProvider: true,
      definitionProvider: true,
      documentSymbolProvider: true,
      documentFormattingProvider: true,
    },
    serverInfo: { name: "disc", version: DISC_VERSION },
  }));

  const validate = async (doc: TextDocument): Promise<void> => {
    const text = doc.getText();
    const { file, onDisk } = specPath(doc.uri);
    let diagnostics;
    try {
      const prepared = onDisk ? await prepareSpec(text, file, loader) : { diagnostics: [] };
      registries.set(doc.uri, "registry" in prepared ? prepared.registry : undefined);
      const reg = registries.get(doc.uri);
      diagnostics = sortDiagnostics([
        ...prepared.diagnostics,
        ...check(text, file, reg ? { registry: reg } : {}).diagnostics,
      ]);
    } catch (err) {
      connection.console.error(
        `disc: checking ${doc.uri} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      return;
    }
    if (documents.get(doc.uri)?.version !== doc.version) return; // a newer edit is being checked
    await connection.sendDiagnostics({
      uri: doc.uri,
      version: doc.version,
      diagnostics: diagnostics.map(toLspDiagnostic),
    });
  };

  // a burst of edits to a big document is checked once, after the burst (a 1 MiB spec takes
  // seconds to check; a small one is checked at once)
  const timers = new Map<string, NodeJS.Timeout>();
  documents.onDidChangeContent((e) => {
    clearTimeout(timers.get(e.document.uri));
    const delay = Math.min(500, Math.floor(e.document.getText().length / 2000));
    timers.set(
      e.document.uri,
      setTimeout(() => {
        timers.delete(e.document.uri);
        void validate(e.document);
      }, delay),
    );
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    registries.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const withDoc = <T>(uri: string, f: (text: string, doc: TextDocument) => T, empty: T): T => {
    const doc = documents.get(uri);
    return doc ? f(doc.getText(), doc) : empty;
  };
  connection.onCompletion((p) =>
    withDoc(
      p.textDocument.uri,
      (text) => completions(text, offsetOf(text, p.position), registries.get(p.textDocument.uri)),
      [],
    ),
  );
  connection.onHover((p) =>
    withDoc(
      p.textDocument.uri,
      (text) => hover(text, offsetOf(text, p.position), registries.get(p.textDocument.uri)) ?? null,
      null,
    ),
  );
  connection.onDefinition((p) =>
    withDoc(
      p.textDocument.uri,
      (text) => {
        const { file, onDisk } = specPath(p.textDocument.uri);
        const resolveUse = onDisk ? (u: string) => resolvePath(dirname(file), u) : undefined;
        return (
          definition(
            text,
            offsetOf(text, p.position),
            p.textDocument.uri,
            registries.get(p.textDocument.uri),
            resolveUse,
          ) ?? null
        );
      },
      null,
    ),
  );
  connection.onDocumentSymbol((p) =>
    withDoc(p.textDocument.uri, (text) => documentSymbols(text), []),
  );
  connection.onDocumentFormatting((p) =>
    withDoc(p.textDocument.uri, (text) => formatting(text), []),
  );

  const done = new Promise<void>((resolveDone) => {
    connection.onExit(() => resolveDone());
    process.stdin.on("close", () => resolveDone());
  });
  documents.listen(connection);
  connection.listen();
  return done;
}
