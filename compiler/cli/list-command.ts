/** `disc list [kind]`: the standard library with parameters, from the registry. */
import { registry } from "../../stdlib/registry.js";
import { formatList } from "../../stdlib/list.js";
import { CliError } from "./errors.js";

const KINDS = ["penalties", "networks", "likelihoods", "data", "metrics", "optimizers", "schedules", "distributions"];

export function runList(kind?: string): number {
  if (kind !== undefined && !KINDS.includes(kind)) {
    throw new CliError(`unknown kind \`${kind}\`; valid kinds are ${KINDS.join(", ")}`);
  }
  process.stdout.write(formatList(registry, kind as Parameters<typeof formatList>[1]) + "\n");
  return 0;
}
