import type { ServingIssueRequest } from "./backend.ts";
import { CaError } from "./errors.ts";
import { maxTtlSeconds, minTtlSeconds } from "./svid-request.ts";
import { type ParsedCsr, parseAndVerifyCsr } from "./x509/csr.ts";

// RFC 1123 labels, lower case (what Kubernetes Service DNS names are), at most 253 characters.
const dnsName = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;

/**
 * Every check a serving-certificate request must pass before any backend signs: lifetime
 * (the SVID bounds), one DNS name of at least two labels, the caller's authorisation for
 * exactly that name, then the CSR itself. The CSR's own names are ignored, as for SVIDs:
 * only its key goes into the certificate.
 */
export function checkServingRequest(req: ServingIssueRequest): ParsedCsr {
  if (!Number.isInteger(req.ttlSeconds) || req.ttlSeconds < minTtlSeconds || req.ttlSeconds > maxTtlSeconds) {
    throw new CaError(
      "ttl_out_of_range",
      `certificate lifetime ${req.ttlSeconds}s is outside ${minTtlSeconds}s (1h)–${maxTtlSeconds}s (7d)`,
    );
  }
  if (typeof req.dnsName !== "string" || !dnsName.test(req.dnsName)) {
    throw new CaError("identity_not_allowed", `"${req.dnsName}" is not a lower-case DNS name`);
  }
  if (typeof req.allowDnsName !== "function" || req.allowDnsName(req.dnsName) !== true) {
    throw new CaError(
      "identity_not_allowed",
      `the requester may not obtain a certificate for "${req.dnsName}"`,
    );
  }
  return parseAndVerifyCsr(req.csrPem);
}
