// Golden metrics: ingest metric batches into rollups, downsample, query a window.
// The public surface of this area; everything else in the folder is internal.
export { getMeshMetrics } from "./get-metrics.ts";
export { ingestMetricBatch } from "./ingest-batch.ts";
