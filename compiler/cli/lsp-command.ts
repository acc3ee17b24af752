/** `disc lsp [--stdio]`: runs the language server until the editor closes it. */
import { startLanguageServer } from "../lsp/server.js";

/** Serves LSP on stdin/stdout; resolves to exit code 0 when the client exits. */
export async function runLsp(): Promise<number> {
  await startLanguageServer();
  return 0;
}
