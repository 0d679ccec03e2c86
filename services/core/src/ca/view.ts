import { X509Certificate } from "node:crypto";
import { bundleOf, fingerprintOfPem } from "@trellis/ca";
import type { MeshCa, RotationPhase } from "@trellis/protocol/api";
import type { Context } from "../context.ts";
import type { MeshRow } from "../meshes/find.ts";
import { backendFor, ensureMeshCaRow } from "./backend.ts";
import { rotationProgress } from "./rotation-progress.ts";
import { stateOf } from "./store.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * What GET /v1/meshes/{mesh}/ca shows: backend, roots, the issuer signing leaves now and
 * whether it expires soon, and the rotation with its progress. Never a private key.
 */
export async function meshCaView(ctx: Context, mesh: MeshRow): Promise<MeshCa> {
  const row = await ensureMeshCaRow(ctx, mesh.id);
  const state = stateOf(row);
  const base = {
    mesh: mesh.name,
    trustDomain: mesh.trustDomain,
    backend: row.backend as MeshCa["backend"],
  };
  if (!state) return { ...base, mode: null, ready: false, roots: [], issuer: null, rotation: null };
  const info = (await backendFor(ctx, mesh.id)).backend.issuerInfo();
  const issuer = new X509Certificate(info.issuerCertPem);
  const left = info.notAfter.getTime() - ctx.clock.now().getTime();
  const rotation =
    row.rotationPhase === null
      ? null
      : {
          phase: row.rotationPhase as RotationPhase,
          startedAt: iso(row.rotationStartedAt),
          finishedAt: iso(row.rotationFinishedAt),
          oldRootFingerprint: row.rotationOldRoot,
          newRootFingerprint: row.rotationNewRoot,
          bundleVersion: row.rotationBundleVersion,
          progress: (({ clusters, proxies }) => ({ clusters, proxies }))(
            await rotationProgress(ctx, ctx.db, row),
          ),
        };
  return {
    ...base,
    mode: info.mode,
    ready: true,
    roots: bundleOf(state).map((pem) => {
      const cert = new X509Certificate(pem);
      const fingerprint = fingerprintOfPem(pem);
      return {
        fingerprint,
        subject: cert.subject,
        notAfter: new Date(cert.validTo).toISOString(),
        active: fingerprint === info.activeRootFingerprint,
        certPem: pem,
      };
    }),
    issuer: {
      subject: issuer.subject,
      notBefore: info.notBefore.toISOString(),
      notAfter: info.notAfter.toISOString(),
      expiringSoon: left < ctx.config.FLAG_CA_EXPIRY_MS,
    },
    rotation,
  };
}
