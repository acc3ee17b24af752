/** `disc fmt [--check] PATHS...`: formats .dis files in place, or lists the unformatted ones. */
import { readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatDis } from "../format/format.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { CliError } from "./errors.js";
import { readSpec } from "./files.js";

/** The .dis files named by `paths`: files as given, folders searched recursively (sorted). */
export function disFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".dis")) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new CliError(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}

/**
 * Formats every file (writing only those that change), or with `check` only reports them.
 * Returns 1 when a file has syntax errors, or (check) when a file is not formatted.
 */
export function runFmt(paths: readonly string[], opts: { check: boolean }): number {
  const files = disFiles(paths);
  let bad = 0;
  let changed = 0;
  for (const file of files) {
    const text = readSpec(file);
    const r = formatDis(text, file);
    if (r.text === undefined) {
      process.stderr.write(
        renderDiagnostics(r.diagnostics, text, file, { color: process.stderr.isTTY === true }) +
          "\n",
      );
      bad++;
      continue;
    }
    if (r.text === text) continue;
    changed++;
    if (opts.check) {
      process.stdout.write(`${file}: not formatted\n`);
    } else {
      writeFileSync(`${file}.tmp-${process.pid}`, r.text);
      renameSync(`${file}.tmp-${process.pid}`, file);
      process.stdout.write(`formatted ${file}\n`);
    }
  }
  const n = files.length;
  if (opts.check) {
    process.stdout.write(
      `${n} file${n === 1 ? "" : "s"} checked: ${changed} not formatted${bad ? `, ${bad} with syntax errors` : ""}\n`,
    );
    return changed > 0 || bad > 0 ? 1 : 0;
  }
  return bad > 0 ? 1 : 0;
}
