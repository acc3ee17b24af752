/** Pictures of a model: image grids, latent traversals (PNG, GIF), KL per latent. */
export { createCanvas, drawImage, encodePng, decodePng, toByte, type Canvas } from "./canvas.js";
export { imageGrid, imageGridCanvas, interleave, type GridLayout } from "./grid.js";
export {
  traversalGrid,
  traversalGif,
  decodeTraversal,
  traversalValues,
  klPerLatent,
  orderByKl,
  type DecodeFn,
  type TraversalOptions,
} from "./traversal.js";
export { writeReport, parseMetricsJsonl } from "./report.js";
export { lineChartSvg, barChartSvg, type SeriesPoint } from "./charts.js";
