// Health flags (version drift, sync lag, expiring certificates…) and the mesh health view.
// The public surface of this area; everything else in the folder is internal.
export { getMeshHealth } from "./get-health.ts";
