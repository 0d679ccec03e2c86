import { TrellisClient } from "@trellis/sdk";

/**
 * The console's one SDK client. Same origin as the API (the control plane serves both), so
 * the browser sends the HttpOnly session cookie itself; the SDK adds the CSRF token it got
 * from signup, login or `me` to every mutation.
 *
 * Retries: the SDK retries 429/503 after `Retry-After`, but a person at a form should see
 * "too many attempts" at once rather than a spinner, so long waits fail fast.
 */
export const api = new TrellisClient({
  baseUrl: window.location.origin,
  credentials: "same-origin",
  retries: { maxRetries: 2, maxRetryAfterMs: 2_000 },
  timeoutMs: 15_000,
});

/** Settings the control plane serves beside the console (not part of the /v1 API). */
export interface ConsoleSettings {
  /** Where connectors dial the tunnel; null when the server cannot tell (ephemeral port). */
  tunnelUrl: string | null;
}

let settings: Promise<ConsoleSettings> | undefined;

export function consoleSettings(): Promise<ConsoleSettings> {
  settings ??= fetch("/console-config.json", { credentials: "same-origin" })
    .then((r) => (r.ok ? (r.json() as Promise<ConsoleSettings>) : { tunnelUrl: null }))
    .catch(() => ({ tunnelUrl: null }));
  return settings;
}
