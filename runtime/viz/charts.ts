/**
 * Server-side SVG charts with vega-lite → vega (`View.toSVG`, renderer "none": no browser,
 * no canvas).
 */
import * as vega from "vega";
import * as vl from "vega-lite";

/** One point of a long-format series. */
export interface SeriesPoint {
  step: number;
  series: string;
  value: number;
}

/** Compiles a vega-lite spec and renders it to SVG text (no browser). */
export async function vegaLiteSvg(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Line chart of several series against the optimizer step; SVG text. */
export function lineChartSvg(
  points: SeriesPoint[],
  title: string,
  yTitle = "value",
): Promise<string> {
  return vegaLiteSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: 560,
    height: 240,
    data: { values: points },
    mark: { type: "line", point: points.length < 60 },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step" },
      y: { field: "value", type: "quantitative", title: yTitle, scale: { zero: false } },
      color: { field: "series", type: "nominal", title: null },
    },
  });
}

/** Bar chart of one value per latent (e.g. KL in nats), in the given order; SVG text. */
export function barChartSvg(
  values: ArrayLike<number>,
  title: string,
  yTitle: string,
): Promise<string> {
  const data = Array.from(values, (v, d) => ({ latent: `z${d}`, value: v }));
  return vegaLiteSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: Math.max(200, 28 * data.length),
    height: 200,
    data: { values: data },
    mark: "bar",
    encoding: {
      x: { field: "latent", type: "nominal", sort: null, title: "latent" },
      y: { field: "value", type: "quantitative", title: yTitle },
    },
  });
}

/**
 * One small line chart per series (e.g. per loss term), each with its own y axis, so a
 * reconstruction term of ~100 nats and penalties of a few nats are all readable; SVG text.
 * Panels follow the series' first appearance in `points`, two to a row.
 */
export function panelChartSvg(
  points: SeriesPoint[],
  title: string,
  yTitle = "value",
): Promise<string> {
  const order = [...new Set(points.map((p) => p.series))];
  const steps = new Set(points.map((p) => p.step)).size;
  return vegaLiteSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    data: { values: points },
    columns: Math.min(2, order.length),
    facet: { field: "series", type: "nominal", title: null, sort: order },
    spec: {
      width: 300,
      height: 120,
      mark: { type: "line", point: steps < 30 },
      encoding: {
        x: { field: "step", type: "quantitative", title: "step" },
        y: { field: "value", type: "quantitative", title: yTitle, scale: { zero: false } },
      },
    },
    resolve: { scale: { y: "independent" } },
  });
}

/**
 * Values measured at a single step (one evaluation), as labelled horizontal bars: a line chart
 * of one point would show a lone tick and no line. SVG text.
 */
export function singleStepChartSvg(points: SeriesPoint[], title: string): Promise<string> {
  const data = points.map((p) => ({ ...p, label: p.value.toFixed(4) }));
  const max = Math.max(0, ...data.map((p) => p.value));
  return vegaLiteSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: 420,
    height: { step: 26 },
    data: { values: data },
    encoding: {
      y: { field: "series", type: "nominal", title: null, sort: null },
      x: {
        field: "value",
        type: "quantitative",
        title: "value",
        scale: { domain: [Math.min(0, ...data.map((p) => p.value)), max > 1 ? max * 1.15 : 1] },
      },
    },
    layer: [
      { mark: { type: "bar", color: "#4c78a8" } },
      { mark: { type: "text", align: "left", dx: 4 }, encoding: { text: { field: "label" } } },
    ],
  });
}

/** One cell of a latent × factor matrix. */
export interface MatrixCell {
  latent: string;
  factor: string;
  value: number;
}

/**
 * Heat map of a latent × factor matrix in [0, 1] (e.g. normalised MI), rows in the given
 * latent order, each cell printed with two decimals; SVG text.
 */
export function heatMapSvg(
  cells: MatrixCell[],
  latents: string[],
  factors: string[],
  title: string,
  legend: string,
): Promise<string> {
  const data = cells.map((c) => ({ ...c, label: c.value.toFixed(2) }));
  return vegaLiteSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: Math.max(160, 70 * factors.length),
    height: { step: 24 },
    data: { values: data },
    encoding: {
      x: {
        field: "factor",
        type: "nominal",
        sort: factors,
        title: "factor",
        axis: { labelAngle: 0 },
      },
      y: { field: "latent", type: "nominal", sort: latents, title: null },
    },
    layer: [
      {
        mark: "rect",
        encoding: {
          color: {
            field: "value",
            type: "quantitative",
            title: legend,
            scale: { domain: [0, 1], range: ["#ffffff", "#08519c"], interpolate: "rgb" },
          },
        },
      },
      {
        mark: { type: "text", fontSize: 11 },
        encoding: {
          text: { field: "label" },
          color: { condition: { test: "datum.value > 0.5", value: "white" }, value: "black" },
        },
      },
    ],
  });
}

/**
 * Metric values over training: a line chart, or labelled bars when every value is from one
 * step (a single evaluation); SVG text.
 */
export function metricsChartSvg(
  points: SeriesPoint[],
  title: string,
  yTitle = "value",
): Promise<string> {
  const steps = [...new Set(points.map((p) => p.step))];
  return steps.length === 1
    ? singleStepChartSvg(points, `${title} at step ${steps[0]} (one evaluation)`)
    : lineChartSvg(points, title, yTitle);
}
