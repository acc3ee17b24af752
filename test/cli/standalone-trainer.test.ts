/**
 * A generated trainer runs by the command its header documents, `npx tsx <this file> --out DIR`
 * (issue 20, item 1): written by `disc train` into a run directory inside disc's repository, and
 * into a project that installed disc from its packed tarball (`npm pack` → `npm install <tgz>` in
 * an empty folder → `npx disc train` → the trainer's command). The second test packs and installs
 * the whole package (npm works from its cache where it can), so it is slow.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { disc, REPO, tinySpec } from "./run-disc.js";

const SPEC = tinySpec();

const NPM_ENV = {
  ...process.env,
  npm_config_prefer_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

/** Runs a command; fails the test with its output when it exits non-zero. */
function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: NPM_ENV });
  const output = `${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`;
  expect(r.status, output).toBe(0);
  return r;
}

/**
 * The standalone command in the header of `trainer`, as argv with `<this file>` and `DIR`
 * filled in (`npx tsx <this file> --out DIR`).
 */
function documentedCommand(trainer: string, thisFile: string, out: string): string[] {
  const header = readFileSync(trainer, "utf8").split("*/")[0] ?? "";
  const m = /`(npx tsx <this file> --out DIR)`/.exec(header);
  expect(m, `no standalone command in the header of ${trainer}`).not.toBeNull();
  const words = m![1]!.replace("<this file>", "\0").split(" ");
  return words.map((w) => (w === "\0" ? thisFile : w === "DIR" ? out : w));
}

/** Runs the documented command from `cwd` for 3 steps and checks it trained. */
function runDocumented(trainer: string, thisFile: string, cwd: string, out: string): void {
  const [cmd, ...args] = documentedCommand(trainer, thisFile, out);
  run(cmd!, [...args, "--steps", "3", "--quiet", "--no-eval"], cwd);
  const rows = readFileSync(join(cwd, out, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n");
  expect(rows.length).toBeGreaterThan(0);
  expect(existsSync(join(cwd, out, "checkpoints"))).toBe(true);
}

describe("the trainer's documented command", () => {
  it("runs a trainer that disc train wrote inside the repository", () => {
    const base = join(REPO, "test", ".generated", "standalone");
    rmSync(base, { recursive: true, force: true });
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, "tiny.dis"), SPEC);
    const r = disc(
      "train",
      join(base, "tiny.dis"),
      "--out",
      join(base, "run"),
      "--quiet",
      "--no-eval",
    );
    expect(r.code, r.stderr).toBe(0);
    // no package.json of its own: the run directory stays in disc's package scope
    expect(existsSync(join(base, "run", "package.json"))).toBe(false);
    const trainer = join(base, "run", "trainer.ts");
    runDocumented(
      trainer,
      "test/.generated/standalone/run/trainer.ts",
      REPO,
      "test/.generated/standalone/again",
    );
  }, 600_000);

  it("runs a trainer written by an installed package (npm pack, npm install, npx disc train)", () => {
    const dir = mkdtempSync(join(tmpdir(), "disc-installed-"));
    try {
      const packed = run("npm", ["pack", "--pack-destination", dir], REPO);
      const tgz = packed.stdout.trim().split("\n").pop()!;
      const project = join(dir, "project");
      mkdirSync(project);
      run("npm", ["install", join(dir, tgz)], project);
      writeFileSync(join(project, "tiny.dis"), SPEC);
      run(
        "npx",
        ["disc", "train", "tiny.dis", "--out", "runs/tiny", "--quiet", "--no-eval"],
        project,
      );
      runDocumented(
        join(project, "runs", "tiny", "trainer.ts"),
        "runs/tiny/trainer.ts",
        project,
        "runs/again",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 1_200_000);
});
