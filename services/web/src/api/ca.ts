import { api } from "./client.ts";
import { optional, shaped } from "./optional.ts";

// Shapes of the CA API (issue 4) as the control plane publishes them
// (services/control-plane/src/api/schemas/ca.ts), read through the SDK's `ca(mesh)` and
// `certificates(mesh)` namespaces.

export interface CaRoot {
  /** SHA-256 of the DER certificate, lowercase hex. */
  fingerprint: string;
  subject: string;
  notAfter: string;
  /** New leaves chain to this root. */
  active: boolean;
}

/** pushing-bundle → reissuing → complete. */
export type RotationPhase = "pushing-bundle" | "reissuing" | "complete";

export interface CaRotation {
  phase: RotationPhase;
  startedAt: string | null;
  finishedAt: string | null;
  oldRootFingerprint: string | null;
  newRootFingerprint: string | null;
  bundleVersion: number | null;
  progress: {
    clusters: { total: number; withBundle: number };
    proxies: { total: number; withBundle: number; onNewRoot: number };
  };
}

export interface MeshCa {
  mesh: string;
  trustDomain: string;
  backend: "builtin" | "aws-acm-pca" | "external";
  mode: "local" | "leaf" | null;
  /** False while an external CA waits for its upload. */
  ready: boolean;
  roots: CaRoot[];
  issuer: { subject: string; notBefore: string; notAfter: string; expiringSoon: boolean } | null;
  rotation: CaRotation | null;
}

export interface IssuedCertificate {
  serial: string;
  cluster: string;
  proxyId: string;
  identity: string;
  notBefore: string;
  notAfter: string;
  rootFingerprint: string;
  issuedAt: string;
}

export async function getCa(mesh: string): Promise<MeshCa> {
  return shaped(await optional("The certificate authority", api.ca(mesh).get()));
}

/** The newest certificates (one page: the registry can hold thousands). */
export async function listCertificates(mesh: string, limit = 100): Promise<IssuedCertificate[]> {
  const page = await optional("The certificate registry", api.certificates(mesh).list({ limit }));
  return shaped(page.items);
}

export async function rotateCa(mesh: string): Promise<MeshCa> {
  return shaped(await api.ca(mesh).rotate({}));
}
