/** `disc compile SPEC [-o DIR] [--emit tokens|ast|ir|plan|ts] [--target ts|pytorch] [--model NAME]`. */
import { mkdirSync, writeFileSync, renameSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { compile } from "../index.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { CliError } from "./errors.js";
import { moduleSpecifier, prepareSpec } from "../extend/prepare.js";
import { sortDiagnostics } from "../diagnostics/make.js";
import { ensureModuleScope, ensureWritableDir, readSpec } from "./files.js";

const STAGES = ["tokens", "ast", "ir", "plan", "ts"] as const;
const TARGETS = ["ts", "pytorch"] as const;

/** Runs `disc compile`; returns the exit code. Throws CliError for bad flags or files. */
export async function runCompile(
  spec: string,
  opts: { out: string; emit?: string; target?: string; model?: string },
): Promise<number> {
  const target = opts.target ?? "ts";
  if (!(TARGETS as readonly string[]).includes(target)) {
    throw new CliError(`--target expects one of ${TARGETS.join(", ")}, got \`${target}\``);
  }
  if (opts.emit !== undefined && !(STAGES as readonly string[]).includes(opts.emit)) {
    throw new CliError(`--emit expects one of ${STAGES.join(", ")}, got \`${opts.emit}\``);
  }
  const text = readSpec(spec);
  const stage = opts.emit as (typeof STAGES)[number] | undefined;
  const prepared = await prepareSpec(text, spec);
  const result = await compile(text, spec, {
    stopAfter: stage === "ts" ? undefined : stage,
    ...(prepared.registry ? { registry: prepared.registry } : {}),
    resolveModule: (usePath) => moduleSpecifier(usePath, spec, opts.out),
    target: target as (typeof TARGETS)[number],
    ...(opts.model !== undefined ? { model: opts.model } : {}),
  });
  const diagnostics = sortDiagnostics([...prepared.diagnostics, ...result.diagnostics]);
  const errors = diagnostics.some((d) => d.severity === "error");
  if (diagnostics.length > 0) {
    process.stderr.write(
      renderDiagnostics(diagnostics, text, spec, { color: process.stderr.isTTY === true }) + "\n",
    );
  }
  if (stage === "tokens" && result.tokens)
    process.stdout.write(JSON.stringify(result.tokens, null, 2) + "\n");
  if (stage === "ast" && result.ast)
    process.stdout.write(JSON.stringify(result.astJson, null, 2) + "\n");
  if (errors) return 1;
  if (stage === "ir") process.stdout.write(JSON.stringify(result.ir, null, 2) + "\n");
  if (stage === "plan") process.stdout.write(JSON.stringify(result.plan, null, 2) + "\n");
  if (stage === "ts") {
    // the program only: the resolved spec beside it is `--emit ir`
    for (const [name, content] of Object.entries(result.files))
      if (!name.endsWith(".json")) process.stdout.write(content);
  }
  if (stage !== undefined) return 0;
  ensureWritableDir(opts.out);
  if (target === "ts") ensureModuleScope(opts.out);
  for (const [name, content] of Object.entries(result.files)) {
    const file = join(opts.out, name);
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.tmp-${process.pid}`;
    writeFileSync(temp, content);
    renameSync(temp, file);
    process.stdout.write(`wrote ${file} (from ${basename(spec)})\n`);
  }
  return 0;
}
