import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { DenyReason } from "../../metrics/edges.ts";
import { type AuthzRequest, authorize } from "../../policy/authz.ts";
import { bearerToken, verifyJwt } from "../../policy/jwt.ts";
import type { PolicyDenialKind } from "../../proxy/errors.ts";
import type { Table } from "../../routing/types.ts";

export type Verdict =
  | { ok: true }
  | { ok: false; kind: PolicyDenialKind; reason: DenyReason; detail: string; headers?: OutgoingHttpHeaders };

const allowed: Verdict = { ok: true };

/** Whether any authorization could refuse anything (skips the work when not). */
export function authorizationApplies(table: Table): boolean {
  return table.inbound.authorizes;
}

/**
 * Authorizes an inbound request or connection. Synchronous unless a JWT must be
 * verified (signature checks and a possible JWKS fetch are async). A missing or bad
 * token answers 401 with an RFC 6750 `WWW-Authenticate` challenge; every other refusal
 * is 403.
 */
export function authorizeInbound(
  table: Table,
  req: AuthzRequest,
  headers: IncomingHttpHeaders | undefined,
  realm: string,
): Verdict | Promise<Verdict> {
  const d = authorize(req, table.inbound);
  if (d.kind === "allow") return allowed;
  if (d.kind === "deny") return { ok: false, kind: "unauthorized", reason: "authz", detail: d.reason };
  const token = headers ? bearerToken(headers.authorization) : undefined;
  if (!token) {
    return {
      ok: false,
      kind: "unauthenticated",
      reason: "jwt",
      detail: "a bearer token is required",
      headers: { "www-authenticate": `Bearer realm="${realm}"` },
    };
  }
  return (async (): Promise<Verdict> => {
    let error = "";
    for (const r of d.requirements) {
      const result = await verifyJwt(token, r.jwt);
      if (result.ok) return allowed;
      error = result.error;
    }
    return {
      ok: false,
      kind: "unauthenticated",
      reason: "jwt",
      detail: `invalid token: ${error}`,
      headers: {
        "www-authenticate": `Bearer realm="${realm}", error="invalid_token", error_description="${quoted(error)}"`,
      },
    };
  })();
}

function quoted(s: string): string {
  return s.replace(/["\\\r\n]/g, " ").slice(0, 200);
}
