/** Finding golden case folders (shared by the golden test and the catalogue-coverage test). */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every folder under `dir` that holds an input.dis, sorted. */
export function caseDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (!statSync(p).isDirectory()) continue;
    if (existsSync(join(p, "input.dis"))) out.push(p);
    else out.push(...caseDirs(p));
  }
  return out;
}
