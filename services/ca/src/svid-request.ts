import { parseSpiffeId } from "@trellis/protocol/spiffe";
import type { IssueRequest } from "./backend.ts";
import { CaError } from "./errors.ts";
import { type ParsedCsr, parseAndVerifyCsr } from "./x509/csr.ts";

/** X.509-SVID lifetime bounds (issue 4 item 3). */
export const minTtlSeconds = 3600;
export const maxTtlSeconds = 7 * 24 * 3600;

/**
 * Every check a request must pass before any backend signs, in order of cost: lifetime,
 * identity shape and trust domain, the caller's authorisation, then the CSR itself.
 */
export function checkIssueRequest(req: IssueRequest, trustDomain: string): ParsedCsr {
  if (!Number.isInteger(req.ttlSeconds) || req.ttlSeconds < minTtlSeconds || req.ttlSeconds > maxTtlSeconds) {
    throw new CaError(
      "ttl_out_of_range",
      `certificate lifetime ${req.ttlSeconds}s is outside ${minTtlSeconds}s (1h)–${maxTtlSeconds}s (7d)`,
    );
  }
  const parsed = parseSpiffeId(req.identity);
  if (!parsed) throw new CaError("identity_not_allowed", `"${req.identity}" is not a Trellis SPIFFE id`);
  if (parsed.trustDomain !== trustDomain) {
    throw new CaError(
      "identity_not_allowed",
      `"${req.identity}" is in trust domain "${parsed.trustDomain}", not this mesh's "${trustDomain}"`,
    );
  }
  if (typeof req.allowIdentity !== "function" || req.allowIdentity(req.identity) !== true) {
    throw new CaError("identity_not_allowed", `the requester may not obtain "${req.identity}"`);
  }
  const csr = parseAndVerifyCsr(req.csrPem);
  if (csr.uriSans.length > 1) {
    throw new CaError("csr_invalid", `CSR carries ${csr.uriSans.length} URI SANs; an SVID has exactly one`);
  }
  if (csr.uriSans.length === 1 && csr.uriSans[0] !== req.identity) {
    throw new CaError(
      "identity_not_allowed",
      `CSR asks for "${csr.uriSans[0]}" but the request names "${req.identity}"`,
    );
  }
  return csr;
}
