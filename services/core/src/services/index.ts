// Services the connectors discovered, per cluster.
// The public surface of this area; everything else in the folder is internal.
export { listServices } from "./list.ts";
export { replaceDiscoveredServices } from "./replace-discovered.ts";
