/* eslint-disable @typescript-eslint/no-require-imports -- VS Code loads extensions as CommonJS */
// The VS Code side of disc: starts `disc lsp` (stdio) for .dis files. All features live in the
// server (compiler/lsp/); this file only finds the command and hands it to vscode-languageclient.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

/** The server command: the `disc.command` setting, the workspace's disc, or `disc` on the PATH. */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration("disc").get("command") || [];
  if (configured.length > 0) return { command: configured[0], args: configured.slice(1) };
  for (const folder of vscode.workspace.workspaceFolders || []) {
    const own = join(folder.uri.fsPath, "bin", "disc.js"); // the disc repository itself
    if (existsSync(own))
      return {
        command: process.execPath.endsWith("node") ? process.execPath : "node",
        args: [own, "lsp", "--stdio"],
      };
    const installed = join(folder.uri.fsPath, "node_modules", ".bin", "disc");
    if (existsSync(installed)) return { command: installed, args: ["lsp", "--stdio"] };
  }
  return { command: "disc", args: ["lsp", "--stdio"] };
}

function activate(context) {
  const { command, args } = serverCommand();
  const run = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient(
    "disc",
    "disc language server",
    { run, debug: run },
    {
      documentSelector: [{ language: "dis" }],
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
