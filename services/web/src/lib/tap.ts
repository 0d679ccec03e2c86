import {
  ForbiddenError,
  LimitExceededError,
  NotFoundError,
  RateLimitedError,
  type TapEnded,
  TrellisApiError,
  TrellisNetworkError,
} from "@trellis/sdk";

/** `spiffe://td/ns/default/sa/web` → `default/web`; a VM or other id → its path; "" → "outside". Pure. */
export function shortIdentity(id: string): string {
  if (!id) return "(outside the mesh)";
  const k8s = /^spiffe:\/\/[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(id);
  if (k8s) return `${k8s[1]}/${k8s[2]}`;
  return id.replace(/^spiffe:\/\/[^/]+\//, "");
}

/** Why a tap ended, in words. Pure. */
export function describeTapEnd(ended: TapEnded | undefined): string {
  if (!ended) return "The tap ended.";
  const dropped = ended.dropped > 0 ? ` (${ended.dropped} dropped by the rate cap)` : "";
  const n = `${ended.delivered} events${dropped}`;
  switch (ended.reason) {
    case "max_events":
      return `Stopped at the event limit: ${n}.`;
    case "max_duration":
      return `Stopped at the time limit: ${n}.`;
    case "shutdown":
      return `The server ended the tap (restarting): ${n}. Start it again.`;
    default:
      return `Stopped: ${n}.`;
  }
}

/** Why a tap could not run, in words. Pure. */
export function describeTapError(err: unknown, service: string): string {
  if (err instanceof ForbiddenError) return "Your role may not tap traffic.";
  if (err instanceof RateLimitedError || err instanceof LimitExceededError)
    return "Too many taps are running; try again shortly.";
  if (err instanceof NotFoundError)
    return err.routeMissing
      ? "Not available: this control plane does not serve tap."
      : `No service ${service} in this mesh: ${err.detail}`;
  if (err instanceof TrellisApiError) return `The tap was refused: ${err.detail}`;
  if (err instanceof TrellisNetworkError) return "The tap stream was cut; start it again.";
  return err instanceof Error ? err.message : String(err);
}
