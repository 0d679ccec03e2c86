import type { AcmPcaClientOptions } from "./acm-pca/client.ts";
import { createAcmPcaAuthority } from "./acm-pca/create.ts";
import { renewBuiltinIssuer } from "./builtin/create.ts";
import { CaError } from "./errors.ts";
import { type CaState, parseCaState } from "./state.ts";

export type RenewIssuerOptions = {
  now?: Date;
  issuerValidityDays?: number;
  nameConstraints?: boolean;
  acmPca?: AcmPcaClientOptions;
};

/**
 * A new issuing intermediate under the same root(s), for when `issuerInfo().notAfter`
 * approaches. Roots do not change, so unlike a rotation nothing needs pushing first: new
 * leaves chain to the new issuer, old leaves stay valid until they expire.
 * builtin: signed by the mesh root. ACM PCA intermediate mode: signed again by ACM PCA.
 * external and ACM PCA leaf mode have no issuer of ours to renew (upload / ACM's own CA).
 */
export async function renewIssuer(
  stateInput: CaState,
  kek: Uint8Array,
  options: RenewIssuerOptions = {},
): Promise<CaState> {
  const state = parseCaState(stateInput);
  const active = state.active;
  if (active.kind === "builtin") {
    return {
      ...state,
      active: renewBuiltinIssuer(active, { ...options, trustDomain: state.trustDomain, kek }),
    };
  }
  if (active.kind === "aws-acm-pca-intermediate") {
    const renewed = await createAcmPcaAuthority({
      caArn: active.caArn,
      region: active.region,
      endpoint: active.endpoint,
      trustDomain: state.trustDomain,
      mode: "intermediate",
      kek,
      now: options.now,
      issuerValidityDays: options.issuerValidityDays,
      acmPca: options.acmPca,
    });
    return { ...state, active: renewed };
  }
  throw new CaError(
    "rotation_conflict",
    active.kind === "external"
      ? "an external issuer is renewed by uploading a new one (createExternalCa, then startRotation)"
      : "in ACM PCA leaf mode the issuer is ACM's own CA; renew it in AWS",
  );
}
