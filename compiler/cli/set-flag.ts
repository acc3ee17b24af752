/**
 * `--set NAME=VALUE` (repeatable): values for a spec's `param NAME = …` declarations, passed to
 * `compile()` as its `params` option. VALUE is a number (`4`, `-1`, `0.5`, `5e-4`) or an
 * identifier (`mss`); whether NAME is a declared param of the right type is the checker's call.
 */
import type { ParamValue } from "../study/types.js";
import { CliError } from "./errors.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses `--set` flags into `{ name: value }`. Throws a one-line CliError for a flag that is not
 * NAME=VALUE, a VALUE that is neither a number nor an identifier, or a NAME given twice.
 */
export function parseSetFlags(flags: readonly string[] | undefined): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const flag of flags ?? []) {
    const eq = flag.indexOf("=");
    const name = eq < 0 ? "" : flag.slice(0, eq).trim();
    const raw = eq < 0 ? "" : flag.slice(eq + 1).trim();
    if (!NAME.test(name) || raw === "") {
      throw new CliError(`--set expects NAME=VALUE (e.g. --set beta=4), got \`${flag}\``);
    }
    let value: ParamValue;
    if (NUMBER.test(raw)) value = Number(raw);
    else if (NAME.test(raw)) value = raw;
    else {
      throw new CliError(
        `--set ${name}: the value must be a number (4, 5e-4) or an identifier (mss), got \`${raw}\``,
      );
    }
    if (Object.hasOwn(out, name)) throw new CliError(`--set ${name} is given twice`);
    out[name] = value;
  }
  return out;
}

/** The `--set` flags that reproduce `params` (for the resume hint). */
export function setFlagsOf(params: Readonly<Record<string, ParamValue>>): string[] {
  return Object.entries(params).flatMap(([k, v]) => ["--set", `${k}=${v}`]);
}
