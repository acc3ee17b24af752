/**
 * Golden tests of the plan stage (`disc compile --emit plan`): every good case folder holds
 * `expected.plan.json` beside its other expected outputs, and every example of examples/ that
 * has no case folder (studies, the user penalty) has `plans/<example>.plan.json`, compiled from
 * the example itself so the two cannot drift apart. Accept new outputs with
 * `npm run golden:accept` (GOLDEN_ACCEPT=1), then review the diff.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/driver.js";
import { prepareSpec } from "../../compiler/extend/prepare.js";
import { caseDirs } from "./cases.js";

const ROOT = fileURLToPath(new URL(".", import.meta.url));
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const ACCEPT = process.env["GOLDEN_ACCEPT"] === "1";

/** Compares `actual` with the file, or writes it when accepting. */
function golden(path: string, actual: string): void {
  if (ACCEPT) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(existsSync(path), `${relative(ROOT, path)} is missing; run npm run golden:accept`).toBe(
    true,
  );
  expect(actual).toBe(readFileSync(path, "utf8"));
}

/** The plan of a spec as `disc compile --emit plan` prints it. */
async function planJson(text: string, fileName: string, specPath: string): Promise<string> {
  const prepared = await prepareSpec(text, specPath);
  const r = await compile(text, fileName, {
    stopAfter: "plan",
    ...(prepared.registry ? { registry: prepared.registry } : {}),
  });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(r.plan).toBeDefined();
  return `${JSON.stringify(r.plan, null, 2)}\n`;
}

/** Examples of examples/ (`NAME.dis`, or `NAME/NAME.dis`) by name. */
function examples(): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(join(REPO, "examples")).sort()) {
    if (entry.endsWith(".dis")) out.set(entry.slice(0, -4), join("examples", entry));
    else if (existsSync(join(REPO, "examples", entry, `${entry}.dis`)))
      out.set(entry, join("examples", entry, `${entry}.dis`));
  }
  return out;
}

describe("golden: plans", () => {
  for (const dir of caseDirs(join(ROOT, "good"))) {
    it(relative(ROOT, dir), async () => {
      const spec = join(dir, "input.dis");
      golden(
        join(dir, "expected.plan.json"),
        await planJson(readFileSync(spec, "utf8"), "input.dis", spec),
      );
    });
  }

  const mirrored = new Set(
    caseDirs(join(ROOT, "good", "examples")).map((d) =>
      relative(join(ROOT, "good", "examples"), d),
    ),
  );
  for (const [name, path] of examples()) {
    if (mirrored.has(name)) continue;
    it(path, async () => {
      const spec = join(REPO, path);
      golden(
        join(ROOT, "plans", `${name}.plan.json`),
        await planJson(readFileSync(spec, "utf8"), path, spec),
      );
    });
  }

  it("every example has a plan golden", () => {
    const covered = [...examples().keys()].filter(
      (name) =>
        existsSync(join(ROOT, "good", "examples", name, "expected.plan.json")) ||
        existsSync(join(ROOT, "plans", `${name}.plan.json`)),
    );
    expect(covered).toEqual([...examples().keys()]);
  });
});
