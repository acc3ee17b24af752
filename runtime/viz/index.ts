/**
 * Pictures of a model: image grids, latent traversals (PNG, GIF; labelled with KL and the factor
 * of largest normalised MI), KL per latent, the run report.
 */
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
export {
  labelledTraversalPng,
  labelledTraversalGif,
  labelledTraversalFrames,
  type LabelledTraversalOptions,
} from "./labelled-traversal.js";
export {
  latentRows,
  factorSummary,
  formatNats,
  COLLAPSED_KL,
  CAPTURED_NMI,
  type LatentRow,
  type LatentRows,
  type LatentTable,
} from "./latent-labels.js";
export { drawText, textWidth, LINE_HEIGHT } from "./text.js";
