/**
 * The words a bare reference may mean in the library — every registry entry's name and every
 * enum value of an entry's (or the scm's) parameters — so a `param` named like one of them
 * (which would make `estimator: mss` ambiguous) can be reported (DIS2020).
 */
import type { ParamType } from "../../stdlib/types.js";
import { ENTRY_KINDS } from "../../stdlib/registry.js";
import { SCM_SIGNATURE } from "./check-scm.js";
import { KIND_WORD } from "./context.js";
import type { RegistryLike } from "./types.js";

/** Enum words of a parameter type (through lists). */
function enumWords(t: ParamType): readonly string[] {
  return t.kind === "enum" ? t.values : t.kind === "list" ? enumWords(t.of) : [];
}

const WORDS = new WeakMap<RegistryLike, Map<string, string>>();

/** Every word a bare reference may mean in the library: entry names and enum values, described. */
export function libraryWords(registry: RegistryLike): ReadonlyMap<string, string> {
  const cached = WORDS.get(registry);
  if (cached) return cached;
  const out = new Map<string, string>();
  for (const w of ["true", "false", "given", "abs"]) out.set(w, `the word \`${w}\``);
  for (const kind of ENTRY_KINDS)
    for (const e of registry.list(kind)) {
      if (!out.has(e.name)) out.set(e.name, `the ${KIND_WORD[kind]} \`${e.name}\``);
      for (const p of e.signature.params)
        for (const w of enumWords(p.type))
          if (!out.has(w)) out.set(w, `a value of \`${p.name}\` of \`${e.name}\``);
    }
  for (const p of SCM_SIGNATURE.params)
    for (const w of enumWords(p.type))
      if (!out.has(w)) out.set(w, `a value of \`${p.name}\` of \`scm\``);
  WORDS.set(registry, out);
  return out;
}
