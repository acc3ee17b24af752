/** `disc check FILE...`: exit 0 when every file is clean, 1 with rendered diagnostics otherwise. */
import { check } from "../index.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { readSpec } from "./files.js";
import { prepareSpec } from "../extend/prepare.js";
import { sortDiagnostics } from "../diagnostics/make.js";

/** Runs `disc check` over files; returns 0 when none has an error, else 1. */
export async function runCheck(
  files: readonly string[],
  opts: { color: boolean },
): Promise<number> {
  let failed = false;
  for (const file of files) {
    const text = readSpec(file);
    const prepared = await prepareSpec(text, file);
    const checked = check(text, file, prepared.registry ? { registry: prepared.registry } : {});
    const diagnostics = sortDiagnostics([...prepared.diagnostics, ...checked.diagnostics]);
    if (diagnostics.length > 0)
      process.stderr.write(
        renderDiagnostics(diagnostics, text, file, { color: opts.color }) + "\n",
      );
    if (diagnostics.some((d) => d.severity === "error")) failed = true;
  }
  const n = files.length;
  if (!failed) process.stdout.write(`${n} file${n === 1 ? "" : "s"} checked: no errors\n`);
  return failed ? 1 : 0;
}
