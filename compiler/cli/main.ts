/**
 * `disc` — the command line. Command modules load lazily, so `disc check` does not pay for the
 * runtime and `disc train` does not pay for the language server. Parses flags with commander, dispatches to one function per
 * command, and turns every user-facing failure into one line and exit code 1.
 */
import { Command, CommanderError } from "commander";
import { describeError } from "./errors.js";
import { DISC_VERSION } from "../version.js";

/** Runs the CLI on `argv` (without node and script) and returns the exit code. Never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = new Command("disc")
    .description(
      "A compiler for disentangled representation learning: .dis specs → TensorFlow.js trainers.",
    )
    .version(DISC_VERSION)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(`disc: ${s.replace(/^error: /, "error: ")}`),
    });

  program
    .command("check")
    .description("check specs and print diagnostics (exit 1 on errors)")
    .argument("<files...>", ".dis files")
    .option("--no-color", "plain output")
    .action(async (files: string[], opts: { color: boolean }) => {
      code = await (
        await import("./check-command.js")
      ).runCheck(files, { color: opts.color && process.stdout.isTTY === true });
    });

  program
    .command("compile")
    .description("compile a spec to a typed TypeScript trainer, or print one stage")
    .argument("<spec>", ".dis file")
    .option("-o, --out <dir>", "output directory for <name>.trainer.ts", ".")
    .option("--emit <stage>", "tokens | ast | ir | plan | ts (print to stdout)")
    .option(
      "--target <target>",
      "ts (TensorFlow.js trainer) | pytorch (PyTorch DDP program, docs/pytorch.md)",
      "ts",
    )
    .option("--model <name>", "the model to compile (when the file declares several)")
    .action(
      async (
        spec: string,
        opts: { out: string; emit?: string; target?: string; model?: string },
      ) => {
        code = await (await import("./compile-command.js")).runCompile(spec, opts);
      },
    );

  program
    .command("train")
    .description("compile a spec and train it; writes a run directory")
    .argument("<spec>", ".dis file")
    .option("--steps <n>", "optimizer steps (overrides the spec)")
    .option("--out <dir>", "run directory (default runs/<model>)")
    .option("--backend <name>", "auto | tensorflow | wasm | cpu", "auto")
    .option(
      "--resume",
      "continue from the run directory's last checkpoint (with a larger --steps: train a finished run further)",
      false,
    )
    .option(
      "--resume-from <step>",
      "continue from the checkpoint of this step instead of the last one (later checkpoints move to checkpoints/abandoned/)",
    )
    .option("--seed <s>", "seed (overrides the spec)")
    .option("--model <name>", "the model to train (when the file declares several)")
    .option(
      "--set <name=value>",
      "set the spec's `param NAME` (repeatable): a number (4, 5e-4) or an identifier (mss)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      "--force",
      "write into a non-empty --out directory that is not a disc run (its files may be replaced)",
      false,
    )
    .option("--quiet", "no progress output", false)
    .option("--no-eval", "skip the spec's metrics after training (pictures are still drawn)")
    .action(
      async (spec: string, opts: Parameters<typeof import("./train-command.js").runTrain>[1]) => {
        code = await (await import("./train-command.js")).runTrain(spec, opts);
      },
    );

  program
    .command("study")
    .description(
      "run a spec's study (seeds × grid of params) here or on SLURM, and aggregate it into study.json and study.html",
    )
    .argument("<spec>", ".dis file with a `study { … }` block")
    .option("--list", "print the runs: index → configuration → seed", false)
    .option("-o, --out <dir>", "study directory (default studies/<model>)")
    .option("--jobs <n>", "runs at once (default: cores / 2; each run gets cores / jobs threads)")
    .option("--steps <n>", "optimizer steps of every run (overrides the spec; for smoke tests)")
    .option("--index <i>", "train only run i (what each SLURM array task runs)")
    .option("--emit <what>", "slurm: write sbatch scripts into DIR/slurm/")
    .option("--aggregate", "rebuild study.json and study.html from the finished runs", false)
    .option("--model <name>", "the model whose study to run (when the file has several)")
    .option("--backend <name>", "auto | tensorflow | wasm | cpu (passed to every run)")
    .option(
      "--target <target>",
      "ts (disc train) | pytorch (each run's PyTorch program, docs/pytorch.md)",
      "ts",
    )
    .option("--nproc <n>", "pytorch: DDP processes per run")
    .option("--force", "write into a non-empty directory that is not a disc study", false)
    .option("--array-limit <n>", "slurm: at most n array tasks at once (%n)")
    .option("--cpus-per-task <n>", "slurm: cores per run (default 2)")
    .option("--mem <size>", "slurm: memory per run, e.g. 8G (default: the cluster's)")
    .option("--time <limit>", "slurm: time limit per run", "04:00:00")
    .option("--partition <name>", "slurm: partition")
    .action(
      async (spec: string, opts: Parameters<typeof import("./study-command.js").runStudy>[1]) => {
        code = await (await import("./study-command.js")).runStudy(spec, opts);
      },
    );

  program
    .command("eval")
    .description(
      "score a trained run's metrics; adds them to RUN_DIR/eval.json and refreshes report.html",
    )
    .argument("<run_dir>", "run directory written by disc train")
    .option(
      "--metrics <list>",
      "comma-separated metric names, or all (default: the spec's evaluate list)",
    )
    .option("--samples <n>", "train points per metric (default: each metric's samples)")
    .option("--seed <s>", "evaluation seed (default: each metric's seed)")
    .option("--backend <name>", "auto | tensorflow | wasm | cpu", "auto")
    .option("--quiet", "no progress output", false)
    .action(
      async (runDir: string, opts: Parameters<typeof import("./eval-command.js").runEval>[1]) => {
        code = await (await import("./eval-command.js")).runEval(runDir, opts);
      },
    );

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
    .action(
      async (
        runDir: string,
        opts: Parameters<typeof import("./traverse-command.js").runTraverse>[1],
      ) => {
        code = await (await import("./traverse-command.js")).runTraverse(runDir, opts);
      },
    );

  program
    .command("intervene")
    .description("causal_vae runs: print the learned adjacency A and render do(concept = v) grids")
    .argument("<run>", "run directory of `disc train`")
    .requiredOption("--concept <name>", "the concept to intervene on")
    .requiredOption(
      "--values <list>",
      "comma-separated values in latent units (≈ standardised label), e.g. -2,0,2",
    )
    .option("--examples <n>", "rows: examples from the data set", "6")
    .option("--threshold <t>", "|A_ij| above which i → j counts as an edge", "0.3")
    .option("--out <file>", "PNG path (default RUN/intervene-<concept>.png)")
    .option("--backend <name>", "auto | tensorflow | wasm | cpu", "auto")
    .action(
      async (
        run: string,
        opts: Parameters<typeof import("./intervene-command.js").runIntervene>[1],
      ) => {
        code = await (await import("./intervene-command.js")).runIntervene(run, opts);
      },
    );

  program
    .command("list")
    .description(
      "list the standard library: backbones | penalties | networks | likelihoods | data | metrics | optimizers | schedules",
    )
    .argument("[kind]", "which part")
    .option("--spec <file>", "also list the user entries of this spec's `use` modules")
    .action(async (kind: string | undefined, opts: { spec?: string }) => {
      code = await (await import("./list-command.js")).runList(kind, opts);
    });

  program
    .command("fmt")
    .description("format .dis files (keeps comments); --check lists unformatted files and exits 1")
    .argument("<paths...>", ".dis files or folders")
    .option("--check", "do not write; exit 1 when a file is not formatted", false)
    .action(async (paths: string[], opts: { check: boolean }) => {
      code = (await import("./fmt-command.js")).runFmt(paths, opts);
    });

  program
    .command("lsp")
    .description("start the language server on stdio (for editors)")
    .option("--stdio", "use stdio (the default and only transport)")
    .action(async () => {
      code = await (await import("./lsp-command.js")).runLsp();
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ||
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version"
        ? 0
        : 1;
    }
    const { line, internal } = describeError(error);
    process.stderr.write(`disc: ${line}\n`);
    if (internal && process.env.DISC_DEBUG) console.error(error);
    return 1;
  }
}
