/** `disc compile SPEC [-o DIR] [--emit tokens|ast|ir|ts]`. */
import { writeFileSync, renameSync } from "node:fs";
import { basename, join } from "node:path";
import { compile } from "../index.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { CliError } from "./errors.js";
import { ensureWritableDir, readSpec } from "./files.js";

const STAGES = ["tokens", "ast", "ir", "ts"] as const;

export async function runCompile(spec: string, opts: { out: string; emit?: string }): Promise<number> {
  if (opts.emit !== undefined && !(STAGES as readonly string[]).includes(opts.emit)) {
    throw new CliError(`--emit expects one of ${STAGES.join(", ")}, got \`${opts.emit}\``);
  }
  const text = readSpec(spec);
  const stage = opts.emit as (typeof STAGES)[number] | undefined;
  const result = await compile(text, spec, { stopAfter: stage === "ts" ? undefined : stage });
  const errors = result.diagnostics.some((d) => d.severity === "error");
  if (result.diagnostics.length > 0) {
    process.stderr.write(renderDiagnostics(result.diagnostics, text, spec, { color: process.stderr.isTTY === true }) + "\n");
  }
  if (stage === "tokens" && result.tokens) process.stdout.write(JSON.stringify(result.tokens, null, 2) + "\n");
  if (stage === "ast" && result.ast) process.stdout.write(JSON.stringify(result.astJson, null, 2) + "\n");
  if (errors) return 1;
  if (stage === "ir") process.stdout.write(JSON.stringify(result.ir, null, 2) + "\n");
  if (stage === "ts") {
    for (const content of Object.values(result.files)) process.stdout.write(content);
  }
  if (stage !== undefined) return 0;
  ensureWritableDir(opts.out);
  for (const [name, content] of Object.entries(result.files)) {
    const target = join(opts.out, name);
    const temp = `${target}.tmp-${process.pid}`;
    writeFileSync(temp, content);
    renameSync(temp, target);
    process.stdout.write(`wrote ${target} (from ${basename(spec)})\n`);
  }
  return 0;
}
