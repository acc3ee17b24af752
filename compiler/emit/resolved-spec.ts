/**
 * Prints a `ModelIR` as the fully resolved spec: every value with the `file:line:col` it came
 * from (or `default`). Used for the generated program's header and for `disc compile --emit ir`
 * summaries. Pure; reads the IR only.
 */
import type { ArgValue, ModelIR, Resolved, ResolvedArgs } from "../ir/types.js";
import { formatArgValue, formatObjective } from "../plan/objective.js";

/** The objective as a formula over term ids (the plan's fold; every `ObjExpr` is a `FoldExpr`). */
export { formatObjective };

/** A compact, JSON-like rendering of an argument value: 64, "sum", [32, 32], {lr: 0.0001}. */
export function formatValue(value: ArgValue): string {
  return formatArgValue(value);
}

function formatArgs(args: ResolvedArgs): string {
  return Object.entries(args)
    .map(([k, v]) => `${k}: ${formatValue(v.value)}`)
    .join(", ");
}

function line(label: string, value: string, from: string): string {
  const left = `${label} ${value}`;
  return `${left.padEnd(52)} ${from}`;
}

function argLines(args: ResolvedArgs, indent = "  "): string[] {
  return Object.entries(args).map(([k, v]: [string, Resolved]) =>
    line(`${indent}${k}:`, formatValue(v.value), v.from),
  );
}

/**
 * The resolved spec as plain text lines (no comment markers). Sections: params (when the spec
 * declares any), data, variables, networks, scms, terms (with gradient routing), objective,
 * train, evaluate, conventions.
 */
export function resolvedSpecLines(ir: ModelIR): string[] {
  const out: string[] = [];
  out.push(`model ${ir.name}   backbone: ${ir.backbone}`);
  for (const p of ir.params ?? [])
    out.push(
      line(`param ${p.name} =`, `${formatValue(p.value)}${p.unit ? ` ${p.unit}` : ""}`, p.from),
    );
  out.push(line(`data ${ir.data.dataset}`, `[${ir.data.imageShape.join("x")}]`, ir.data.from));
  out.push(...argLines(ir.data.args));
  for (const v of ir.variables) {
    const post = v.hasPosterior ? "q(z|x) = N(mu, exp(logvar))" : "prior only";
    out.push(
      line(`${v.role} ${v.name} ~ ${v.distribution}`, `[${v.shape.join("x")}] ${post}`, v.from),
    );
    out.push(...argLines(v.args));
  }
  for (const n of ir.networks) {
    const lik = n.likelihood ? ` ~ ${n.likelihood.name}` : "";
    const wiring = `${n.inputs.join(", ")} -> ${n.outputs.join(", ")}${lik}`;
    out.push(
      line(
        `${n.role} ${n.name} = ${n.arch}:`,
        `${wiring}  [${n.inputShape}] -> [${n.outputShape}]`,
        n.from,
      ),
    );
    out.push(...argLines(n.args));
    if (n.likelihood) out.push(...argLines(n.likelihood.args, `  ${n.likelihood.name}.`));
  }
  for (const s of ir.scms) {
    out.push(
      line(
        `scm ${s.name} over ${s.over}`,
        `concepts [${s.concepts.join(", ")}] x ${s.conceptSize}`,
        s.from,
      ),
    );
    out.push(...argLines(s.args));
  }
  for (const t of ir.terms) {
    out.push(line(`term ${t.id} = ${t.entry}`, `updates: ${t.updates.join(" + ")}`, t.from));
    out.push(...argLines(t.args));
  }
  out.push(`objective (minimised): ${formatObjective(ir.objective)}`);
  const tr = ir.train;
  out.push("train");
  for (const [k, v] of Object.entries({
    steps: tr.steps,
    seed: tr.seed,
    batch: tr.batchSize,
    clip: tr.clipNorm,
    log_every: tr.logEvery,
    checkpoint_every: tr.checkpointEvery,
  })) {
    out.push(line(`  ${k}:`, formatValue(v.value), v.from));
  }
  for (const o of tr.optimizers) {
    out.push(line(`  optimizer ${o.target}: ${o.entry}`, "", o.from));
    out.push(...argLines(o.args, "    "));
  }
  if (ir.evaluate) {
    // the value's own provenance where it says more than the block's (a param, `1 epochs`)
    const every = ir.evaluate.every.from;
    const from = every.includes(" (") ? every : ir.evaluate.from;
    out.push(line("evaluate every", formatValue(ir.evaluate.every.value), from));
    for (const m of ir.evaluate.metrics) out.push(`  metric ${m.name}(${formatArgs(m.args)})`);
    out.push(...argLines(ir.evaluate.traversals, "  traversals."));
  }
  out.push("conventions");
  out.push("  reduction: each term sums over pixels / latent dims and averages over the batch,");
  out.push("             unless its `reduction` argument above says otherwise");
  out.push(
    "  metrics score the representation named by each metric's `representation` (mean by default)",
  );
  out.push(
    "  gradient routing: the main optimizer updates the declared networks only; terms marked",
  );
  out.push(
    "             `own` train their own networks with their own optimizer and never the model",
  );
  for (const t of ir.terms.filter(
    (x) => x.entry === "dag" && x.args["update"]?.value === "dual_ascent",
  ))
    out.push(
      `  ${t.id}: own = the multipliers α (from 0) and ρ (from rho) of α·h + (ρ/2)·h², not gradients:`,
      "             every `every` steps α += ρ·h, then ρ = min(growth·ρ, rho_max) if h > 0.25·h_prev",
    );
  return out;
}
