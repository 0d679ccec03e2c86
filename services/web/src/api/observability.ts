import type { MeshHealth, MeshMetrics, MeshProxy, MetricWindow, ServiceGraph } from "@trellis/sdk";
import { api } from "./client.ts";
import { optional } from "./optional.ts";

// The observability API read through the SDK's `proxies(mesh)` and `observability(mesh)`;
// the objects are the SDK's types (the zod schemas of @trellis/protocol/api).

export async function listProxies(mesh: string): Promise<MeshProxy[]> {
  return optional("The proxy inventory", api.proxies(mesh).listAll());
}

export async function meshHealth(mesh: string): Promise<MeshHealth> {
  return optional("The health summary", api.observability(mesh).health());
}

export async function serviceGraph(mesh: string, window: MetricWindow): Promise<ServiceGraph> {
  return optional("The service graph", api.observability(mesh).graph({ window }));
}

export async function meshMetrics(
  mesh: string,
  window: MetricWindow,
  service?: string,
  namespace?: string,
): Promise<MeshMetrics> {
  const query = { window, ...(service ? { service } : {}), ...(namespace ? { namespace } : {}) };
  return optional("Golden metrics", api.observability(mesh).metrics(query));
}
