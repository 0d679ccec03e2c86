import { z } from "zod";

/**
 * pushing-bundle: both roots are being pushed; leaves still come from the old issuer.
 * reissuing: every cluster has the bundle; leaves come from the new issuer and connectors
 * were told to renew. complete: the old root left the bundle.
 */
export const rotationPhases = ["pushing-bundle", "reissuing", "complete"] as const;
export type RotationPhase = (typeof rotationPhases)[number];

const pem = (what: string) =>
  z
    .string()
    .min(1, `${what} is required`)
    .max(64 * 1024, `${what} is larger than 64 KiB`);

/** `POST /v1/meshes/{mesh}/ca/external`: the issuer of a mesh whose CA backend is `external`. */
export const externalCaInputSchema = z.object({
  /** The issuing CA certificate that will sign the mesh's leaves. */
  certPem: pem("certPem"),
  /** Its private key, unencrypted PEM; sealed at once and never returned. */
  keyPem: pem("keyPem"),
  /** The self-signed root peers will trust. */
  rootPem: pem("rootPem"),
  /** Certificates between the issuer and the root, issuer side first. */
  intermediatesPem: z.array(pem("intermediatesPem[]")).max(8).optional(),
});
export type ExternalCaInput = z.infer<typeof externalCaInputSchema>;

/** `POST /v1/meshes/{mesh}/ca/rotate`. */
export const rotateCaInputSchema = z.object({
  /** For a mesh whose settings say `external`: the issuer to rotate to. */
  external: externalCaInputSchema.optional(),
});
export type RotateCaInput = z.infer<typeof rotateCaInputSchema>;

export const caRootSchema = z.object({
  /** SHA-256 of the DER certificate, lowercase hex. */
  fingerprint: z.string(),
  subject: z.string(),
  notAfter: z.string(),
  /** New leaves chain to this root. */
  active: z.boolean(),
  certPem: z.string(),
});
export type CaRoot = z.infer<typeof caRootSchema>;

export const caRotationSchema = z.object({
  phase: z.enum(rotationPhases),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  oldRootFingerprint: z.string().nullable(),
  newRootFingerprint: z.string().nullable(),
  /** The mesh config version whose snapshots carry both roots. */
  bundleVersion: z.number().int().nullable(),
  progress: z.object({
    clusters: z.object({ total: z.number().int(), withBundle: z.number().int() }),
    proxies: z.object({
      total: z.number().int(),
      withBundle: z.number().int(),
      onNewRoot: z.number().int(),
    }),
  }),
});
export type CaRotation = z.infer<typeof caRotationSchema>;

/** `GET /v1/meshes/{mesh}/ca` (and the answer of every CA mutation). */
export const meshCaSchema = z.object({
  mesh: z.string(),
  trustDomain: z.string(),
  backend: z.enum(["builtin", "aws-acm-pca", "external"]),
  /** `leaf` only for ACM PCA in leaf mode (ACM signs every leaf). */
  mode: z.enum(["local", "leaf"]).nullable(),
  /** False while an external CA waits for its upload: no certificate can be issued. */
  ready: z.boolean(),
  roots: z.array(caRootSchema),
  issuer: z
    .object({
      subject: z.string(),
      notBefore: z.string(),
      notAfter: z.string(),
      /** Expires within the warning window (30 days by default): renew or rotate. */
      expiringSoon: z.boolean(),
    })
    .nullable(),
  rotation: caRotationSchema.nullable(),
});
export type MeshCa = z.infer<typeof meshCaSchema>;

/** One leaf certificate the mesh CA issued (`GET /v1/meshes/{mesh}/certificates`). */
export const certificateSchema = z.object({
  serial: z.string(),
  cluster: z.string(),
  proxyId: z.string(),
  identity: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  rootFingerprint: z.string(),
  issuedAt: z.string(),
});
export type Certificate = z.infer<typeof certificateSchema>;

export const listCertificatesQuerySchema = z.object({
  cluster: z.string().min(1).max(63).optional(),
  identity: z.string().min(1).max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
export type ListCertificatesQuery = z.infer<typeof listCertificatesQuerySchema>;
