/**
 * The study report's charts, vega-lite rendered to SVG without a browser (as the run report's):
 * a box plot of one metric per configuration with every seed as a point (Locatello et al. 2019,
 * Fig. 2 style), and the Spearman rank-correlation matrix between metrics as a heat map.
 */
import { vegaLiteSvg } from "../viz/charts.js";

/** One run's value of one metric, for the box plot. */
export interface RunPoint {
  readonly configuration: string;
  readonly seed: number;
  readonly value: number;
}

const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * Box plot (min–max whiskers, quartile box, median tick) of `points` per configuration, in
 * `order`, with each run drawn as a dot; SVG text.
 */
export function metricBoxPlotSvg(
  metric: string,
  points: readonly RunPoint[],
  order: readonly string[],
): Promise<string> {
  const x = {
    field: "configuration",
    type: "nominal" as const,
    sort: [...order],
    title: "configuration",
    axis: { labelAngle: order.some((o) => o.length > 12) ? -30 : 0, labelLimit: 240 },
  };
  return vegaLiteSvg({
    $schema: SCHEMA,
    title: `${metric} per configuration (each dot one seed)`,
    width: Math.max(240, 70 * order.length),
    height: 220,
    data: { values: points.map((p) => ({ ...p })) },
    layer: [
      {
        mark: { type: "boxplot", extent: "min-max", size: 28, opacity: 0.5 },
        encoding: {
          x,
          y: { field: "value", type: "quantitative", title: metric, scale: { zero: false } },
        },
      },
      {
        mark: { type: "point", filled: true, size: 40, color: "#222" },
        encoding: {
          x,
          y: { field: "value", type: "quantitative" },
          tooltip: [
            { field: "configuration", type: "nominal" },
            { field: "seed", type: "quantitative" },
            { field: "value", type: "quantitative", format: ".4f" },
          ],
        },
      },
    ],
  });
}

/** Heat map of Spearman's ρ between metrics (cells labelled with ρ, blank when undefined). */
export function spearmanHeatmapSvg(
  metrics: readonly string[],
  rho: readonly (readonly (number | null)[])[],
): Promise<string> {
  const cells = metrics.flatMap((a, i) =>
    metrics.map((b, j) => ({
      a,
      b,
      rho: rho[i]![j],
      label: rho[i]![j] === null ? "" : rho[i]![j]!.toFixed(2),
    })),
  );
  const size = Math.max(160, 56 * metrics.length);
  return vegaLiteSvg({
    $schema: SCHEMA,
    title: "Spearman rank correlation between metrics (over finished runs)",
    width: size,
    height: size,
    data: { values: cells },
    encoding: {
      x: { field: "a", type: "nominal", sort: [...metrics], title: null },
      y: { field: "b", type: "nominal", sort: [...metrics], title: null },
    },
    layer: [
      {
        mark: "rect",
        encoding: {
          color: {
            field: "rho",
            type: "quantitative",
            title: "ρ",
            scale: { domain: [-1, 1], scheme: "redblue", reverse: true },
          },
        },
      },
      { mark: { type: "text", fontSize: 12 }, encoding: { text: { field: "label" } } },
    ],
  });
}
