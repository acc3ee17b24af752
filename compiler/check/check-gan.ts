/**
 * The shape of a GAN the InfoGAN back end trains (compiler/emit/emit-gan.ts), checked before
 * any code is emitted so every mistake is a diagnostic at its span, never an internal error:
 * one generator, one discriminator and at most one Q head (DIS2006); exactly one `gan` term
 * (DIS3023); only `gan` and `info` terms (DIS3007); every `info(c)` on a code the generator reads
 * (DIS3027) and the Q head predicts (DIS3024); one `routing` shared by the info terms (DIS3105); the networks wired as the back end
 * runs them (DIS2016, check-gan-wiring.ts). Also sizes the Q head for codes whose std is learned
 * (mean ‖ log-variance: twice the code's size).
 */
import { backbonesProviding } from "../../stdlib/backbones/index.js";
import { checkGanWiring } from "./check-gan-wiring.js";
import type { CheckContext } from "./context.js";
import type { CheckedModel, CheckedTerm } from "./types.js";

const GAN_TERMS = new Set(["gan", "info"]);

const str = (t: CheckedTerm, arg: string): string | undefined => {
  const v = t.call.args[arg]?.value;
  return typeof v === "string" ? v : undefined;
};

/** The Q head's outputs: continuous codes with `info(c, std: learned)` take 2·size values. */
export function sizeQHead(m: CheckedModel): void {
  if (m.backbone !== "gan") return;
  const head = m.networks.find((n) => n.role === "head");
  if (!head) return;
  const learned = new Set(
    m.terms
      .filter((t) => t.call.entry.name === "info" && str(t, "std") === "learned")
      .flatMap((t) => str(t, "code") ?? []),
  );
  if (learned.size === 0) return;
  const vars = new Map(m.variables.map((v) => [v.name, v]));
  let width = 0;
  for (const o of head.outputs) {
    const v = vars.get(o);
    if (!v) continue;
    width += v.size * (learned.has(o) && v.dist.entry.name !== "categorical" ? 2 : 1);
  }
  head.outputShape = [width];
}

function oneOfEachNetwork(ctx: CheckContext, m: CheckedModel): void {
  for (const role of ["generator", "discriminator", "head"]) {
    const nets = m.networks.filter((n) => n.role === role);
    for (const extra of nets.slice(1)) {
      ctx.report(
        "DIS2006",
        extra.span,
        `A gan model has ${role === "head" ? "at most one Q head" : `one ${role}`}, but this is a second one.`,
        {
          hint:
            role === "head"
              ? "predict every code with one head: `head q = mlp(hidden: [128]): discriminator -> (c, s)`."
              : `remove one ${role}; InfoGAN plays one generator against one discriminator.`,
          related: [{ span: nets[0]!.span, message: `The first ${role} is here.` }],
        },
      );
    }
  }
}

function oneGanTerm(ctx: CheckContext, m: CheckedModel): void {
  const gans = m.terms.filter((t) => t.call.entry.name === "gan");
  if (gans.length === 0) {
    ctx.report(
      "DIS3023",
      m.lossExpr?.span ?? m.decl.span,
      "A gan model's loss needs one `gan(…)` term, but this loss has none.",
      { hint: "add the adversarial term, e.g. `loss = gan(non_saturating) - 1.0 * info(c)`." },
    );
  }
  for (const extra of gans.slice(1)) {
    ctx.report(
      "DIS3023",
      extra.node.span,
      "A gan model's loss has one `gan(…)` term, but this is a second one.",
      {
        hint: "the generator and discriminator play one game: keep one `gan` term.",
        related: [{ span: gans[0]!.node.span, message: "The first `gan` term is here." }],
      },
    );
  }
}

function infoTerms(ctx: CheckContext, m: CheckedModel): void {
  const head = m.networks.find((n) => n.role === "head");
  const generator = m.networks.find((n) => n.role === "generator");
  const infos = m.terms.filter((t) => t.call.entry.name === "info");
  for (const t of infos) {
    const code = str(t, "code");
    if (generator && code !== undefined && !generator.inputs.includes(code)) {
      ctx.report(
        "DIS3027",
        t.call.argSpans["code"] ?? t.node.span,
        `\`info(${code})\` scores how well the Q head recovers \`${code}\` from the generated images, but the generator \`${generator.name}\` does not read \`${code}\`.`,
        {
          hint: `add \`${code}\` to the generator's inputs: \`(${[...generator.inputs, code].join(", ")}) -> x\`.`,
          related: [{ span: generator.span, message: `\`${generator.name}\` is declared here.` }],
        },
      );
    }
    if (code === undefined || head?.outputs.includes(code)) continue;
    ctx.report(
      "DIS3024",
      t.call.argSpans["code"] ?? t.node.span,
      head
        ? `\`info(${code})\` scores the Q head's prediction of \`${code}\`, but the head \`${head.name}\` does not predict it.`
        : `\`info(${code})\` scores a Q head's prediction of \`${code}\`, but this model has no head.`,
      {
        hint: head
          ? `add \`${code}\` to the head's outputs: \`-> (${[...head.outputs, code].join(", ")})\`.`
          : `add one: \`head q = mlp(hidden: [128]): discriminator -> ${code}\`.`,
        related: head ? [{ span: head.span, message: `\`${head.name}\` is declared here.` }] : [],
      },
    );
  }
  const first = infos[0];
  const routing = first ? (str(first, "routing") ?? "paper") : "paper";
  for (const t of infos.slice(1)) {
    const r = str(t, "routing") ?? "paper";
    if (r === routing) continue;
    ctx.report(
      "DIS3105",
      t.call.argSpans["routing"] ?? t.node.span,
      `The info terms share one gradient routing, but this one is \`${r}\` and the first is \`${routing}\`.`,
      {
        hint: `give every info term \`routing: ${routing}\` (or none, for \`paper\`).`,
        related: [{ span: first!.node.span, message: "The first info term is here." }],
      },
    );
  }
}

/** All GAN structure rules for one model (nothing for other backbones). */
export function checkGan(ctx: CheckContext, m: CheckedModel): void {
  if (m.backbone !== "gan") return;
  oneOfEachNetwork(ctx, m);
  checkGanWiring(ctx, m);
  oneGanTerm(ctx, m);
  for (const t of m.terms) {
    const name = t.call.entry.name;
    const applies = backbonesProviding(t.call.entry.signature.needs);
    if (GAN_TERMS.has(name) || !applies.includes("gan")) continue; // DIS3007 already
    ctx.report("DIS3007", t.node.callee.span, `\`${name}\` does not apply to a gan model.`, {
      hint: "a gan model's loss holds `gan` and `info` terms only.",
    });
  }
  infoTerms(ctx, m);
}
