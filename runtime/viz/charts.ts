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
