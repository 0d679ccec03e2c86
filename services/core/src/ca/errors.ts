import { isCaError } from "@trellis/ca";
import { AppError } from "../errors.ts";

/**
 * A CA library error as the API's closed family (the tunnel maps CaError.code itself).
 * `state_invalid` means the stored keys cannot be opened here (e.g. another replica's
 * key-encryption key): an operator problem whose detail belongs in the log, not the answer.
 */
export function apiErrorOf(err: unknown): unknown {
  if (!isCaError(err)) return err;
  if (err.kind === "state_invalid")
    return new AppError("unavailable", "the mesh CA cannot be opened by this control plane; see its log");
  const retryAfterSeconds = err.retryAfterMs === undefined ? undefined : err.retryAfterMs / 1000;
  return new AppError(err.code, err.message, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
}

/** Runs a CA operation, rethrowing library errors as API errors. */
export async function withCaErrors<T>(op: () => Promise<T> | T): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw apiErrorOf(err);
  }
}
