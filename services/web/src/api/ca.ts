import type { Certificate, MeshCa } from "@trellis/sdk";
import { api } from "./client.ts";
import { optional } from "./optional.ts";

// The CA API read through the SDK's `ca(mesh)` and `certificates(mesh)`.

export function getCa(mesh: string): Promise<MeshCa> {
  return optional("The certificate authority", api.ca(mesh).get());
}

/** The newest certificates (one page: the registry can hold thousands). */
export async function listCertificates(mesh: string, limit = 100): Promise<Certificate[]> {
  return (await optional("The certificate registry", api.certificates(mesh).list({ limit }))).items;
}

export function rotateCa(mesh: string): Promise<MeshCa> {
  return api.ca(mesh).rotate({});
}
