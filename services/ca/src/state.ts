import { z } from "zod";
import { CaError } from "./errors.ts";

/**
 * The serialisable CA state of one mesh. The control plane stores it as JSON (e.g. a jsonb
 * column) and hands it back to `loadCa`; private keys inside are sealed (envelope.ts), so
 * the JSON is safe at rest as long as the KEK is kept elsewhere.
 */

const sealedSecretSchema = z.object({
  alg: z.literal("A256GCM"),
  kekId: z.string(),
  wrappedKey: z.string(),
  ciphertext: z.string(),
});

/** A locally held issuing CA: its certificate and sealed PKCS#8 key. */
const sealedIssuerSchema = z.object({ certPem: z.string(), key: sealedSecretSchema });

/** Certificates between the issuer and the root: the issuer first, the root never. */
const chainSchema = z.array(z.string()).min(1);
const rootsSchema = z.array(z.string()).min(1);

const acmPcaTarget = {
  caArn: z.string(),
  region: z.string(),
  endpoint: z.string().optional(),
};

export const authorityStateSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("builtin"),
    roots: rootsSchema,
    /** Kept sealed so the issuer can be renewed under the same root before it expires. */
    rootKey: sealedSecretSchema,
    issuer: sealedIssuerSchema,
    chainPem: chainSchema,
  }),
  z.object({
    kind: z.literal("external"),
    roots: rootsSchema,
    issuer: sealedIssuerSchema,
    chainPem: chainSchema,
  }),
  z.object({
    kind: z.literal("aws-acm-pca-intermediate"),
    ...acmPcaTarget,
    roots: rootsSchema,
    issuer: sealedIssuerSchema,
    chainPem: chainSchema,
  }),
  z.object({
    kind: z.literal("aws-acm-pca-leaf"),
    ...acmPcaTarget,
    roots: rootsSchema,
    /** The ACM CA's certificate: it signs every leaf. */
    caCertPem: z.string(),
    /** Intermediates above the ACM CA, excluding the root; empty when the ACM CA is a root. */
    chainPem: z.array(z.string()),
  }),
]);
export type AuthorityState = z.infer<typeof authorityStateSchema>;

export const caStateSchema = z.object({
  version: z.literal(1),
  trustDomain: z.string(),
  /** Where new leaves come from. */
  active: authorityStateSchema,
  /** During a rotation: the previous authority, whose roots stay in the bundle until finish. */
  retiring: authorityStateSchema.nullable(),
  rotationStartedAt: z.string().nullable(),
});
export type CaState = z.infer<typeof caStateSchema>;

export function parseCaState(input: unknown): CaState {
  const result = caStateSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new CaError("state_invalid", `CA state is malformed at /${issue.path.join("/")}: ${issue.message}`);
  }
  return result.data;
}

/** Roots peers must trust now: the active authority's, plus the retiring one's during a rotation. */
export function bundleOf(state: CaState): string[] {
  const roots = [...state.active.roots, ...(state.retiring?.roots ?? [])];
  return [...new Set(roots)];
}

export const issuerKeyContext = (trustDomain: string, issuerFingerprint: string) =>
  `trellis-ca:${trustDomain}:issuer-key:${issuerFingerprint}`;
export const rootKeyContext = (trustDomain: string, rootFingerprint: string) =>
  `trellis-ca:${trustDomain}:root-key:${rootFingerprint}`;

/** The certificate that signs this authority's leaves. */
export const issuerCertOf = (authority: AuthorityState): string =>
  authority.kind === "aws-acm-pca-leaf" ? authority.caCertPem : authority.issuer.certPem;

/** The issuer's certificate and the intermediates above it (never the root). */
export const issuerChainOf = (authority: AuthorityState): string[] =>
  authority.kind === "aws-acm-pca-leaf"
    ? authority.roots.includes(authority.caCertPem)
      ? []
      : [authority.caCertPem, ...authority.chainPem]
    : authority.chainPem;
