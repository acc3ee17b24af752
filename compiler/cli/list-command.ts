/** `disc list [kind]`: the standard library with parameters, from the registry. */
import { registry } from "../../stdlib/registry.js";
import { formatBackbones, formatList } from "../../stdlib/list.js";
import { CliError } from "./errors.js";
import { readSpec } from "./files.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { prepareSpec } from "../extend/prepare.js";

const KINDS = [
  "backbones",
  "penalties",
  "networks",
  "likelihoods",
  "data",
  "metrics",
  "optimizers",
  "schedules",
  "distributions",
];

/**
 * Prints the registry (built-ins, plus the user entries of `opts.spec`'s `use` modules, each
 * followed by the module it comes from). Throws CliError for an unknown kind; exit 1 when a
 * module fails to load.
 */
export async function runList(kind?: string, opts: { spec?: string } = {}): Promise<number> {
  if (kind !== undefined && !KINDS.includes(kind)) {
    throw new CliError(`unknown kind \`${kind}\`; valid kinds are ${KINDS.join(", ")}`);
  }
  if (kind === "backbones") {
    process.stdout.write(formatBackbones() + "\n");
    return 0;
  }
  if (opts.spec === undefined) {
    process.stdout.write(formatList(registry, kind as Parameters<typeof formatList>[1]) + "\n");
    return 0;
  }
  const text = readSpec(opts.spec);
  const prepared = await prepareSpec(text, opts.spec);
  if (prepared.diagnostics.length > 0) {
    process.stderr.write(
      renderDiagnostics(prepared.diagnostics, text, opts.spec, {
        color: process.stderr.isTTY === true,
      }) + "\n",
    );
  }
  const reg = prepared.registry ?? registry;
  process.stdout.write(formatList(reg, kind as Parameters<typeof formatList>[1]) + "\n");
  const user = prepared.registry?.userEntries ?? [];
  if (user.length > 0) {
    process.stdout.write(`user entries (${user.length})\n`);
    for (const u of user) process.stdout.write(`  ${u.def.kind} ${u.def.name}  from ${u.module}\n`);
  }
  return prepared.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}
