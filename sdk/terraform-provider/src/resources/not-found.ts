import { NotFoundError } from "@trellis/sdk";

/**
 * `.catch(ignoreNotFound)`: an object that is already gone reads as undefined (a delete of
 * it succeeded, a read says it no longer exists). A server without the route still throws.
 */
export function ignoreNotFound(err: unknown): undefined {
  if (err instanceof NotFoundError && !err.routeMissing) return undefined;
  throw err;
}
