import type { TestClient } from "../harness.ts";

/** Creates a mesh (if new) and a cluster through the API; returns the cluster's join token. */
export async function addCluster(client: TestClient, mesh: string, cluster: string): Promise<string> {
  const m = await client.post("/v1/meshes", { name: mesh });
  if (m.status !== 201 && m.status !== 409)
    throw new Error(`mesh create: ${m.status} ${JSON.stringify(m.body)}`);
  const c = await client.post(`/v1/meshes/${mesh}/clusters`, { name: cluster });
  if (c.status !== 201) throw new Error(`cluster create: ${c.status} ${JSON.stringify(c.body)}`);
  return c.body.joinToken.token as string;
}

export const httpRoute = (backend: string) => ({
  spec: {
    parentRefs: [{ name: "web", namespace: "shop" }],
    rules: [{ backendRefs: [{ name: backend, namespace: "shop" }] }],
  },
});
