import type { Actor } from "./actor.ts";
import type { Context } from "./context.ts";

/** What every verb receives: the context, the caller, and the request id for the audit log. */
export interface VerbArgs<I> {
  ctx: Context;
  actor: Actor;
  requestId: string | null;
  input: I;
}
