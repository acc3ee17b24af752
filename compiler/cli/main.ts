/**
 * `disc` — the command line. Parses flags with commander, dispatches to one function per
 * command, and turns every user-facing failure into one line and exit code 1.
 */
import { Command, CommanderError } from "commander";
import { runCheck } from "./check-command.js";
import { runCompile } from "./compile-command.js";
import { runIntervene } from "./intervene-command.js";
import { runList } from "./list-command.js";
import { runTrain } from "./train-command.js";
import { runFmt } from "./fmt-command.js";
import { runLsp } from "./lsp-command.js";
import { runEval } from "./eval-command.js";
import { runTraverse } from "./traverse-command.js";
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
      code = await runCheck(files, { color: opts.color && process.stdout.isTTY === true });
    });

  program
    .command("compile")
    .description("compile a spec to a typed TypeScript trainer, or print one stage")
    .argument("<spec>", ".dis file")
    .option("-o, --out <dir>", "output directory for <name>.trainer.ts", ".")
    .option("--emit <stage>", "tokens | ast | ir | ts (print to stdout)")
    .option("--target <target>", "ts (TensorFlow.js trainer) | pytorch (PyTorch DDP program, docs/pytorch.md)", "ts")
    .action(async (spec: string, opts: { out: string; emit?: string; target?: string }) => {
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
    .command("eval")
    .description("score a trained run's metrics; writes RUN_DIR/eval.json and refreshes report.html")
    .argument("<run_dir>", "run directory written by disc train")
    .option("--metrics <list>", "comma-separated metric names, or all (default: the spec's evaluate list)")
    .option("--samples <n>", "train points per metric (default: each metric's samples)")
    .option("--seed <s>", "evaluation seed (default: each metric's seed)")
    .option("--backend <name>", "auto | tensorflow | wasm | cpu", "auto")
    .option("--quiet", "no progress output", false)
    .action(async (runDir: string, opts: Parameters<typeof runEval>[1]) => {
      code = await runEval(runDir, opts);
    });

  program
    .command("traverse")
    .description("draw latent traversals of a trained run into RUN_DIR")
    .argument("<run_dir>", "run directory written by disc train")
    .option("--latent <i>", "only this latent (0-based; default all, ordered by KL)")
    .option("--range <r>", "traverse [-r, r] (default: the spec's traversals.range or 2)")
    .option("--points <n>", "values per latent (default: the spec's traversals.points or 10)")
    .option("--gif", "also write an animated GIF", false)
    .option("--backend <name>", "auto | tensorflow | wasm | cpu", "auto")
    .option("--quiet", "no progress output", false)
    .action(async (runDir: string, opts: Parameters<typeof runTraverse>[1]) => {
      code = await runTraverse(runDir, opts);
    });

  program
    .command("intervene")
    .description("causal_vae runs: print the learned adjacency A and render do(concept = v) grids")
    .argument("<run>", "run directory of `disc train`")
    .requiredOption("--concept <name>", "the concept to intervene on")
    .requiredOption("--values <list>", "comma-separated values in latent units (≈ standardised label), e.g. -2,0,2")
    .option("--examples <n>", "rows: examples from the data set", "6")
    .option("--threshold <t>", "|A_ij| above which i → j counts as an edge", "0.3")
    .option("--out <file>", "PNG path (default RUN/intervene-<concept>.png)")
    .option("--backend <name>", "auto | tensorflow | wasm | cpu", "auto")
    .action(async (run: string, opts: Parameters<typeof runIntervene>[1]) => {
      code = await runIntervene(run, opts);
    });

  program
    .command("list")
    .description("list the standard library: penalties | networks | likelihoods | data | metrics | optimizers | schedules")
    .argument("[kind]", "which part")
    .option("--spec <file>", "also list the user entries of this spec's `use` modules")
    .action(async (kind: string | undefined, opts: { spec?: string }) => {
      code = await runList(kind, opts);
    });

  program
    .command("fmt")
    .description("format .dis files (keeps comments); --check lists unformatted files and exits 1")
    .argument("<paths...>", ".dis files or folders")
    .option("--check", "do not write; exit 1 when a file is not formatted", false)
    .action((paths: string[], opts: { check: boolean }) => {
      code = runFmt(paths, opts);
    });

  program
    .command("lsp")
    .description("start the language server on stdio (for editors)")
    .option("--stdio", "use stdio (the default and only transport)")
    .action(async () => {
      code = await runLsp();
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
