// Proxies as connectors report them: ingest, list with flags, the stale → gone → pruned sweep.
// The public surface of this area; everything else in the folder is internal.
export { ingestProxyReport } from "./ingest-report.ts";
export { listProxies } from "./list-proxies.ts";
