/**
 * `disc` — the command line. Parses flags with commander, dispatches to one function per
 * command, and turns every user-facing failure into one line and exit code 1.
 */
import { Command, CommanderError } from "commander";
import { runCheck } from "./check-command.js";
import { runCompile } from "./compile-command.js";
import { runList } from "./list-command.js";
import { runTrain } from "./train-command.js";
import { describeError } from "./errors.js";
import { DISC_VERSION } from "../version.js";

/** Runs the CLI on `argv` (without node and script) and returns the exit code. Never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = new Command("disc")
    .description("A compiler for disentangled representation learning: .dis specs → TensorFlow.js trainers.")
    .version(DISC_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(`disc: ${s.replace(/^error: /, "error: ")}`) });

  program
    .command("check")
    .description("check specs and print diagnostics (exit 1 on errors)")
    .argument("<files...>", ".dis files")
    .option("--no-color", "plain output")
    .action(async (files: string[], opts: { color: boolean }) => {
      code = runCheck(files, { color: opts.color && process.stdout.isTTY === true });
    });

  program
    .command("compile")
    .description("compile a spec to a typed TypeScript trainer, or print one stage")
    .argument("<spec>", ".dis file")
    .option("-o, --out <dir>", "output directory for <name>.trainer.ts", ".")
    .option("--emit <stage>", "tokens | ast | ir | ts (print to stdout)")
    .action(async (spec: string, opts: { out: string; emit?: string }) => {
      code = await runCompile(spec, opts);
    });

  program
    .command("train")
    .description("compile a spec and train it; writes a run directory")
    .argument("<spec>", ".dis file")
    .option("--steps <n>", "optimizer steps (overrides the spec)")
    .option("--out <dir>", "run directory (default runs/<model>)")
    .option("--backend <name>", "auto | tensorflow | wasm | cpu", "auto")
    .option("--resume", "continue from the run directory's last checkpoint", false)
    .option("--seed <s>", "seed (overrides the spec)")
    .option("--quiet", "no progress output", false)
    .option("--no-eval", "skip the spec's metrics after training (pictures are still drawn)")
    .action(async (spec: string, opts: Parameters<typeof runTrain>[1]) => {
      code = await runTrain(spec, opts);
    });

  program
    .command("list")
    .description("list the standard library: penalties | networks | likelihoods | data | metrics | optimizers | schedules")
    .argument("[kind]", "which part")
    .action((kind?: string) => {
      code = runList(kind);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : 1;
    }
    const { line, internal } = describeError(error);
    process.stderr.write(`disc: ${line}\n`);
    if (internal && process.env.DISC_DEBUG) console.error(error);
    return 1;
  }
}
