/**
 * The tensors each loss term reads, by stdlib entry and its resolved arguments (the reads of
 * each `compute` in stdlib/penalties/). A user entry's reads are inferred from its reference
 * arguments: a latent's posterior (or sample), an observation and the output that models it,
 * an scm's adjacency. Tensor names: compiler/plan/types.ts.
 */
import type { ModelIR, TermIR } from "../ir/types.js";
import type { TensorName, TermPlan } from "./types.js";

const posterior = (v: string): TensorName[] => [
  `latents.${v}.sample`,
  `latents.${v}.mu`,
  `latents.${v}.logvar`,
];

/** What a term reads, and whether the entry's reads are known or inferred from its arguments. */
export function termReads(
  t: TermIR,
  ir: ModelIR,
): { reads: TensorName[]; readsFrom: TermPlan["readsFrom"] } {
  const arg = (name: string): string => String(t.args[name]?.value ?? "");
  const z = arg("latent");
  const known = (reads: TensorName[]) => ({ reads, readsFrom: "entry" as const });
  if (t.module !== undefined) return { reads: inferred(t, ir), readsFrom: "arguments" };
  switch (t.entry) {
    case "recon":
      return known([arg("target"), `outputs.${arg("target")}`]);
    case "kl":
      return known([`latents.${z}.mu`, `latents.${z}.logvar`]);
    case "capacity":
      return known([`latents.${z}.mu`, `latents.${z}.logvar`, "step"]);
    case "total_correlation":
      return known(arg("estimator") === "discriminator" ? [`latents.${z}.sample`] : posterior(z));
    case "mutual_info":
    case "dimwise_kl":
      return known(posterior(z));
    case "dip":
      return known(
        arg("variant") === "ii" ? [`latents.${z}.mu`, `latents.${z}.logvar`] : [`latents.${z}.mu`],
      );
    case "label_align":
      return known(labelAlignReads(t, ir, z));
    case "l1":
    case "dag":
      return known([`extra.${arg("scm")}`]);
    case "denoise":
      return known(
        arg("schedule") === "edm"
          ? ["extra.denoise_x0", "extra.denoise_pred", "extra.denoise_weight"]
          : ["extra.denoise_eps", "extra.denoise_eps_pred"],
      );
    case "gan":
      return known(["extra.d_fake_logits"]);
    case "info":
      return known([`latents.${arg("code")}.sample`, `outputs.${arg("code")}`]);
    default:
      return { reads: inferred(t, ir), readsFrom: "arguments" };
  }
}

/**
 * label_align: the label reconstructions for label_scm / label_recon; otherwise the latent's
 * mean, which under an scm is the causal mean (and, for prior_kl, the mask layer's mean too).
 */
function labelAlignReads(t: TermIR, ir: ModelIR, z: string): TensorName[] {
  const labels = String(t.args["labels"]?.value ?? "y");
  const form = String(t.args["form"]?.value ?? "prior_kl");
  if (form === "label_scm" || form === "label_recon") return [labels, `extra.${z}.${form}`];
  if (!ir.scms.some((s) => s.over === z)) return [labels, `latents.${z}.mu`];
  return form === "prior_kl"
    ? [labels, `extra.${z}.causal`, `extra.${z}.masked`]
    : [labels, `extra.${z}.causal`];
}

/** The reads of an entry disc knows nothing about, from the names its arguments refer to. */
function inferred(t: TermIR, ir: ModelIR): TensorName[] {
  const out: TensorName[] = [];
  for (const r of Object.values(t.args)) {
    if (typeof r.value !== "string") continue;
    const name = r.value;
    const v = ir.variables.find((x) => x.name === name);
    if (v) out.push(...(v.hasPosterior ? posterior(name) : [`latents.${name}.sample`]));
    else if (name === "x" || name === "y") {
      out.push(name);
      if (ir.networks.some((n) => n.outputs.includes(name))) out.push(`outputs.${name}`);
    } else if (ir.scms.some((s) => s.name === name)) out.push(`extra.${name}`);
  }
  return [...new Set(out)];
}
