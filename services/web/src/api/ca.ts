import { call, callOptional, enc } from "./raw.ts";

// Shapes of the CA API (issue 4: GET /ca, GET /certificates, POST /ca/rotate), read
// tolerantly until the schemas are published in @trellis/protocol.

export interface CaRoot {
  fingerprint?: string;
  subject?: string;
  notAfter?: string;
  notBefore?: string;
  state?: string;
}

export interface MeshCa {
  backend: string;
  roots?: CaRoot[];
  issuer?: { notAfter?: string; subject?: string } | null;
  issuerNotAfter?: string | null;
  rotation?: {
    state?: string;
    phase?: string;
    startedAt?: string;
    progress?: number;
    reissued?: number;
    total?: number;
    proxiesOnNewRoot?: number;
    proxiesTotal?: number;
  } | null;
}

export interface IssuedCertificate {
  serial: string;
  identity: string;
  cluster?: string | null;
  notAfter: string;
  issuedAt?: string;
}

export function getCa(mesh: string): Promise<MeshCa> {
  return callOptional<MeshCa>("The certificate authority", "GET", `/v1/meshes/${enc(mesh)}/ca`);
}

export async function listCertificates(mesh: string): Promise<IssuedCertificate[]> {
  const page = await callOptional<{ items: IssuedCertificate[] } | IssuedCertificate[]>(
    "The certificate registry",
    "GET",
    `/v1/meshes/${enc(mesh)}/certificates?limit=200`,
  );
  return Array.isArray(page) ? page : page.items;
}

export function rotateCa(mesh: string): Promise<MeshCa> {
  return call<MeshCa>("POST", `/v1/meshes/${enc(mesh)}/ca/rotate`, {});
}
