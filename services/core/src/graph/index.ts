// The service graph of a mesh from its metric rollups.
// The public surface of this area; everything else in the folder is internal.
export { getServiceGraph } from "./get-graph.ts";
