import type { ErrorCode } from "@trellis/protocol/errors";

/**
 * Why a CA operation failed: a closed set, each mapped once to a protocol error code so the
 * API (problem+json) and the tunnel (SignError.code) answer the same way.
 */
export const caErrorCodes = {
  /** The CSR is not a well-formed PKCS#10 request or its signature does not verify. */
  csr_invalid: "invalid",
  /** The CSR's key is not ECDSA P-256/P-384 or RSA ≥ 2048 bits. */
  key_type_not_allowed: "invalid",
  /** The identity is not a SPIFFE id of this mesh, differs from the CSR's, or the caller may not have it. */
  identity_not_allowed: "forbidden",
  /** The requested certificate lifetime is outside 1 h–7 d. */
  ttl_out_of_range: "invalid",
  /** Too many issuances (per-cluster limit, or the upstream CA throttled us past our retries). */
  rate_limited: "rate_limited",
  /**
   * The upstream CA (ACM PCA) refused our credentials. A configuration problem of the mesh
   * owner, not of the workload: workloads keep their certificate and retry later.
   */
  access_denied: "unavailable",
  /** The upstream CA is unreachable, failing, or answered something unusable. Retry later. */
  unavailable: "unavailable",
  /** An uploaded (bring-your-own) CA failed validation; the message names the problem. */
  external_ca_invalid: "invalid",
  /** A rotation is already running (start) or none is (finish). */
  rotation_conflict: "conflict",
  /** The stored CA state is malformed or cannot be decrypted with the given key-encryption key. */
  state_invalid: "internal",
} as const satisfies Record<string, ErrorCode>;

export type CaErrorKind = keyof typeof caErrorCodes;

export class CaError extends Error {
  override readonly name = "CaError";
  /** The protocol error code transports answer with. */
  readonly code: ErrorCode;
  /** For `rate_limited` and `unavailable`: when a retry is worthwhile. */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly kind: CaErrorKind,
    message: string,
    options: { retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = caErrorCodes[kind];
    this.retryAfterMs = options.retryAfterMs;
  }
}

export const isCaError = (e: unknown, kind?: CaErrorKind): e is CaError =>
  e instanceof CaError && (kind === undefined || e.kind === kind);
