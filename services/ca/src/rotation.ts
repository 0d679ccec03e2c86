import { createBuiltinAuthority } from "./builtin/create.ts";
import { CaError } from "./errors.ts";
import { type CaState, parseCaState } from "./state.ts";

export type StartRotationOptions = {
  /**
   * The CA to rotate to, made with createBuiltinCa / createExternalCa / createAcmPcaCa for
   * the same trust domain (a rotation may also move a mesh between backends). Default, for
   * a builtin CA only: a fresh builtin root and issuer.
   */
  next?: CaState;
  now?: Date;
  nameConstraints?: boolean;
};

/**
 * Step 1 of a zero-downtime rotation: the new root joins the bundle beside the old and new
 * leaves come from the new issuer. Push the bundle to every peer before any of them uses a
 * new leaf, then re-issue; call finishRotation once every proxy reports the new root.
 */
export function startRotation(
  stateInput: CaState,
  kek: Uint8Array,
  options: StartRotationOptions = {},
): CaState {
  const state = parseCaState(stateInput);
  if (state.retiring) {
    throw new CaError(
      "rotation_conflict",
      `a rotation started at ${state.rotationStartedAt} is still running`,
    );
  }
  const now = options.now ?? new Date();
  let nextAuthority = options.next?.active;
  if (options.next && options.next.trustDomain !== state.trustDomain) {
    throw new CaError(
      "rotation_conflict",
      `cannot rotate ${state.trustDomain} to a CA for trust domain ${options.next.trustDomain}`,
    );
  }
  if (!nextAuthority && state.active.kind !== "builtin") {
    // Never switch a mesh to the builtin CA by omission.
    throw new CaError(
      "rotation_conflict",
      `rotating a ${state.active.kind} CA needs the next CA (createExternalCa / createAcmPcaCa) as options.next`,
    );
  }
  nextAuthority ??= createBuiltinAuthority({
    trustDomain: state.trustDomain,
    kek,
    now,
    nameConstraints: options.nameConstraints,
  });
  return { ...state, active: nextAuthority, retiring: state.active, rotationStartedAt: now.toISOString() };
}

/** Step 2: the old root leaves the bundle. Only once no live leaf chains to it. */
export function finishRotation(stateInput: CaState): CaState {
  const state = parseCaState(stateInput);
  if (!state.retiring) throw new CaError("rotation_conflict", "no rotation is running");
  return { ...state, retiring: null, rotationStartedAt: null };
}
