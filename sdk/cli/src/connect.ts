import {
  ForbiddenError,
  NotFoundError,
  TrellisApiError,
  TrellisClient,
  TrellisNetworkError,
  UnauthenticatedError,
  ValidationError,
} from "@trellis/sdk";
import { loadContext } from "./config-file.ts";
import { CliError, exitCodes } from "./exit-codes.ts";

/** The flags every API command takes. */
export interface ConnectFlags {
  url?: string | undefined;
  token?: string | undefined;
  context?: string | undefined;
}

/** The default mesh of the context each client was made from (read by `resolveMesh`). */
const contextMesh = new WeakMap<TrellisClient, string>();

/** The mesh the client's context names as its default, if any. */
export function defaultMeshOf(client: TrellisClient): string | undefined {
  return contextMesh.get(client);
}

/**
 * The client for this run: flags beat TRELLIS_URL/TRELLIS_TOKEN, which beat the context
 * (`--context`, else TRELLIS_CONTEXT, else the current one of `trellis login`).
 */
export async function connect(
  flags: ConnectFlags,
  env: NodeJS.ProcessEnv,
): Promise<{ client: TrellisClient; url: string; context: string | null }> {
  const stored = await loadContext(env, flags.context);
  const url = flags.url || env.TRELLIS_URL || stored?.context.url;
  const token = flags.token || env.TRELLIS_TOKEN || stored?.context.token;
  if (!url)
    throw new CliError(
      "no control plane URL: not logged in",
      exitCodes.auth,
      "run `trellis login --url <url>`, or set TRELLIS_URL and TRELLIS_TOKEN",
    );
  if (!token)
    throw new CliError(
      "not logged in",
      exitCodes.auth,
      "run `trellis login` (or set TRELLIS_TOKEN to an API token)",
    );
  const client = newClient(url, token);
  // The context's mesh belongs to its control plane: not when --url/TRELLIS_URL points elsewhere.
  if (stored?.context.mesh && url === stored.context.url) contextMesh.set(client, stored.context.mesh);
  return { client, url, context: stored?.name ?? null };
}

/** A client with the CLI's user agent. */
export function newClient(url: string, token?: string): TrellisClient {
  try {
    return new TrellisClient({
      baseUrl: url,
      ...(token ? { token } : {}),
      userAgent: "trellis-cli/0.1.0",
      retries: 2,
    });
  } catch (err) {
    throw new CliError(
      (err as Error).message,
      exitCodes.usage,
      "give the URL with its scheme, e.g. https://api.trellis.dev",
    );
  }
}

/** Turns an SDK error into what the CLI prints: the message, a next step, the exit code. */
export function explain(err: unknown): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof TrellisNetworkError)
    return new CliError(
      err.message,
      exitCodes.failure,
      "is the control plane up? check the URL (--url, TRELLIS_URL or `trellis login --url`)",
    );
  if (err instanceof UnauthenticatedError)
    return new CliError(err.detail, exitCodes.auth, "run `trellis login` again, or check TRELLIS_TOKEN");
  if (err instanceof ForbiddenError)
    return new CliError(err.detail, exitCodes.auth, "ask an org owner or admin for a role that may do this");
  if (err instanceof ValidationError) {
    const fields = err.fields.map((f) => `  ${f.path || "(body)"}: ${f.detail}`).join("\n");
    return new CliError(fields ? `${err.detail}\n${fields}` : err.detail, exitCodes.failure);
  }
  if (err instanceof NotFoundError && err.routeMissing)
    return new CliError(
      err.detail,
      exitCodes.notAvailable,
      "the control plane is older than this CLI; upgrade it",
    );
  if (err instanceof TrellisApiError)
    return new CliError(
      err.detail,
      exitCodes.failure,
      err.requestId && err.status >= 500 ? `quote request id ${err.requestId} to support` : undefined,
    );
  if (err instanceof Error && err.name === "SyncTimeoutError")
    return new CliError(err.message, exitCodes.failure);
  return new CliError(err instanceof Error ? err.message : String(err), exitCodes.failure);
}
