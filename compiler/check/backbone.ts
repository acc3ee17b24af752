/**
 * Which model family a spec declares, read from the backbone definitions (stdlib/backbones/):
 * a model is the family whose marker it holds (a generator or discriminator: `gan`; an scm:
 * `causal_vae`; a denoiser: `diffusion`), else the default `vae`. Two families at once is
 * DIS3008; a family without the networks it requires is DIS3009.
 */
import type { ModelDecl, Span } from "../../grammar/ast.js";
import type { CheckedModel } from "./types.js";
import { BACKBONES, DEFAULT_BACKBONE, backboneDef, roleDef } from "../../stdlib/backbones/index.js";
import type { Backbone } from "../../stdlib/types.js";
import { article, type CheckContext } from "./context.js";

interface Marker {
  readonly backbone: Backbone;
  readonly span: Span;
  readonly why: string;
}

/** The family markers of `model`, in source order. */
function markers(model: ModelDecl): Marker[] {
  const found: Marker[] = [];
  for (const item of model.items) {
    for (const b of BACKBONES) {
      if (item.kind === "Network" && b.markedBy.roles?.includes(item.role))
        found.push({
          backbone: b.name,
          span: item.roleSpan,
          why: `${article(item.role)} ${item.role}`,
        });
      else if (item.kind === "Scm" && b.markedBy.scm)
        found.push({ backbone: b.name, span: item.span, why: "an scm" });
    }
  }
  return found;
}

/** Determines the backbone of `model`, reporting DIS3008 / DIS3009. */
export function determineBackbone(ctx: CheckContext, model: ModelDecl): Backbone {
  const found = markers(model);
  const first = found[0];
  const backbone: Backbone = first?.backbone ?? DEFAULT_BACKBONE;
  const clash = found.find((f) => f.backbone !== backbone);
  if (first && clash) {
    ctx.report(
      "DIS3008",
      clash.span,
      `This model is a ${backbone} (it has ${first.why}), but ${clash.why} makes it a ${clash.backbone}.`,
      {
        hint: "one model has one backbone; split it into two models.",
        related: [
          {
            span: first.span,
            message: `${first.why[0]!.toUpperCase()}${first.why.slice(1)} is declared here.`,
          },
        ],
      },
    );
  }
  const roles = new Set<string>(model.items.flatMap((i) => (i.kind === "Network" ? [i.role] : [])));
  const missing = backboneDef(backbone).requires.filter((r) => !roles.has(r));
  if (missing.length > 0 && model.name && !ctx.recovering) {
    const example = roleDef(missing[0]!)?.example;
    ctx.report(
      "DIS3009",
      model.name.span,
      `A ${backbone} model needs ${missing.map((r) => `${article(r)} ${r}`).join(" and ")}, but \`${model.name.name}\` declares none.`,
      { hint: example ? `add e.g. \`${example}\`.` : `add ${article(missing[0]!)} ${missing[0]}.` },
    );
  }
  return backbone;
}

/** "a generator, a discriminator and a head" */
function roleList(roles: readonly string[]): string {
  const words = roles.map((r) => `${article(r)} ${r}`);
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/**
 * DIS2016 for each network whose role the model's backbone does not run (a head in a vae, an
 * encoder in a gan): it would be built and never run. True when every network runs.
 */
export function checkRolesRun(ctx: CheckContext, m: CheckedModel): boolean {
  const runs = backboneDef(m.backbone).runs;
  let ok = true;
  // a role that marks another backbone is DIS3008 already
  const marks = new Set(BACKBONES.flatMap((b) => [...(b.markedBy.roles ?? [])]));
  for (const n of m.networks) {
    if (runs.includes(n.role) || marks.has(n.role)) continue;
    const start = n.declSpan.start;
    const roleSpan: Span = {
      start,
      end: {
        offset: start.offset + n.role.length,
        line: start.line,
        column: start.column + n.role.length,
      },
    };
    ctx.report(
      "DIS2016",
      roleSpan,
      `A ${m.backbone} model runs ${roleList(runs)} only; this ${n.role} would never run.`,
      {
        hint: `remove the ${n.role}, or declare it in a model of its own (one model has one backbone).`,
      },
    );
    ok = false;
  }
  return ok;
}
