// Each mesh's certificate authority: create, rotate, renew, upload an external issuer, sign workload CSRs, the registry of issued certificates.
// The public surface of this area; everything else in the folder is internal.
export { getMeshCa } from "./get-ca.ts";
export { caIssuerExpiry } from "./issuer-expiry.ts";
export { kekPath, loadKek } from "./kek.ts";
export { listCertificates } from "./list-certificates.ts";
export { renewMeshIssuer } from "./renew-issuer.ts";
export { rotateMeshCa } from "./rotate.ts";
export { type RotationStep, runCaWorkerPass } from "./rotation-worker.ts";
export { createCaRuntime } from "./runtime.ts";
export { signWorkloadCsr } from "./sign.ts";
export { signWebhookCertificate } from "./sign-webhook.ts";
export { uploadExternalCa } from "./upload-external.ts";
