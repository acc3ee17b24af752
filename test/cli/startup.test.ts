/**
 * Start-up of the compiled CLI (issue 19, item 12): `npm run build` bundles dist/, bin/disc.js runs
 * it while it is current and the TypeScript sources otherwise (bin/dist-state.js), `disc check`
 * loads none of the heavy modules (tfjs, ts-morph, prettier, vega, tsx), and a trainer run by
 * `disc train` from dist/ imports the CLI's own compiled runtime rather than the sources. The
 * wall time itself is measured by `npm run bench -- --only check-startup` (bench/check.ts).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { distState } from "../../bin/dist-state.js";
import { REPO, tinySpec } from "./run-disc.js";

/** A preload that appends every module URL resolved and every package required to $LOADS. */
const RECORDER = `
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
const out = process.env.LOADS;
register("data:text/javascript," + encodeURIComponent(\`
import { appendFileSync } from "node:fs";
export async function resolve(s, c, next) {
  const r = await next(s, c);
  appendFileSync(\${JSON.stringify(out)}, r.url + "\\\\n");
  return r;
}\`));
const Module = createRequire(import.meta.url)("node:module");
const load = Module._load;
Module._load = function (request, ...rest) {
  appendFileSync(out, "require " + request + "\\n");
  return load.call(this, request, ...rest);
};
`;

const HEAVY = /@tensorflow|ts-morph|prettier|vega|playwright|\/tsx\//;
let dir: string;

/** Runs bin/disc.js with the recorder; returns the exit code, stderr and the modules it loaded. */
function discLoads(env: Record<string, string>, ...args: string[]) {
  const loads = join(dir, `loads-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(loads, "");
  const r = spawnSync(
    process.execPath,
    ["--import", join(dir, "recorder.mjs"), join(REPO, "bin", "disc.js"), ...args],
    { cwd: REPO, encoding: "utf8", env: { ...process.env, ...env, LOADS: loads } },
  );
  return { code: r.status, stderr: r.stderr, loads: readFileSync(loads, "utf8").split("\n") };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "disc-startup-"));
  writeFileSync(join(dir, "recorder.mjs"), RECORDER);
  const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], {
    cwd: REPO,
    encoding: "utf8",
  });
  expect(build.status, build.stderr).toBe(0);
}, 300_000);

describe("disc from dist/", () => {
  it("disc check runs the compiled CLI and loads no heavy module", () => {
    // DISC_SOURCE=0: dist/ even where another process edited a source since the build
    const r = discLoads({ DISC_SOURCE: "0" }, "check", "examples/beta-vae.dis");
    expect(r.code, r.stderr).toBe(0);
    expect(r.loads.some((u) => u.includes("/dist/compiler/cli/main.js"))).toBe(true);
    expect(r.loads.filter((u) => u.endsWith(".ts"))).toEqual([]);
    expect(r.loads.filter((u) => HEAVY.test(u))).toEqual([]);
  });

  it("a trainer that disc train runs from dist/ imports the compiled disc/runtime", () => {
    const spec = join(dir, "tiny.dis");
    writeFileSync(spec, tinySpec({ steps: 1 }));
    const out = join(dir, "run");
    const r = discLoads({ DISC_SOURCE: "0" }, "train", spec, "--out", out, "--quiet", "--no-eval");
    expect(r.code, r.stderr).toBe(0);
    expect(r.loads.some((u) => u.endsWith("/dist/runtime/index.js"))).toBe(true);
    expect(r.loads.filter((u) => /\/(runtime|stdlib|compiler)\/index\.ts$/.test(u))).toEqual([]);
  });

  it("falls back to the TypeScript sources through tsx when asked (or when dist/ is stale)", () => {
    const r = discLoads({ DISC_SOURCE: "1" }, "check", "examples/beta-vae.dis");
    expect(r.code, r.stderr).toBe(0);
    expect(r.loads.some((u) => u.endsWith("/compiler/cli/main.ts"))).toBe(true);
  });
});

describe("bin/dist-state.js", () => {
  /** A package root with one source file and a build stamp, each with the given age (s). */
  function root(name: string, sourceAge: number, stampAge?: number): string {
    const r = join(dir, name);
    mkdirSync(join(r, "compiler"), { recursive: true });
    const now = Date.now() / 1000;
    writeFileSync(join(r, "compiler", "a.ts"), "");
    utimesSync(join(r, "compiler", "a.ts"), now - sourceAge, now - sourceAge);
    if (stampAge !== undefined) {
      mkdirSync(join(r, "dist"), { recursive: true });
      writeFileSync(join(r, "dist", "build-stamp.json"), "{}");
      utimesSync(join(r, "dist", "build-stamp.json"), now - stampAge, now - stampAge);
    }
    return r;
  }

  it("is fresh when the build is newer than every source, stale when a source is newer", () => {
    const env = process.env.DISC_SOURCE;
    delete process.env.DISC_SOURCE;
    try {
      expect(distState(root("fresh", 60, 10))).toBe("fresh");
      expect(distState(root("stale", 10, 60))).toBe("stale");
      expect(distState(root("missing", 10))).toBe("missing");
      // an installed copy is trusted whatever the times npm gave its files
      expect(distState(root(join("node_modules", "disc"), 10, 60))).toBe("fresh");
    } finally {
      if (env !== undefined) process.env.DISC_SOURCE = env;
      rmSync(join(dir, "node_modules"), { recursive: true, force: true });
    }
  });
});
