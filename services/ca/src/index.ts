/**
 * @trellis/ca — per-mesh certificate authorities behind one interface (DESIGN §5).
 * Storage-agnostic: create a CaState, store it as JSON, `loadCa` it into a CaBackend.
 */

export type { AcmPcaClientOptions } from "./acm-pca/client.ts";
export { type AcmPcaCaOptions, createAcmPcaCa } from "./acm-pca/create.ts";
export type { CaBackend, CaBackendKind, IssuedCertificate, IssueRequest, IssuerInfo } from "./backend.ts";
export { type BuiltinOptions, createBuiltinCa } from "./builtin/create.ts";
export { type SealedSecret, seal, unseal } from "./envelope.ts";
export { CaError, type CaErrorKind, caErrorCodes, isCaError } from "./errors.ts";
export { createExternalCa, type ExternalCaOptions } from "./external/create.ts";
export { loadOrCreateKek } from "./kek.ts";
export { type LoadCaOptions, loadCa } from "./load.ts";
export { createIssuanceRateLimiter } from "./rate-limit.ts";
export { type RenewIssuerOptions, renewIssuer } from "./renew-issuer.ts";
export { finishRotation, type StartRotationOptions, startRotation } from "./rotation.ts";
export type { AuthorityState, CaState } from "./state.ts";
export { bundleOf, parseCaState } from "./state.ts";
export { maxTtlSeconds, minTtlSeconds } from "./svid-request.ts";
export { fingerprintOfPem } from "./x509/certificate.ts";
