import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  type FetchImplementation,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";

/**
 * The JWT requirement of an AuthorizationPolicy: a bearer token signed by a key of the
 * JWKS (inline, or fetched from an https `jwksUri` and cached), from `issuer`, for one
 * of `audiences`, not expired (30 s clock skew allowed), and whose listed claims each
 * hold one of their values.
 */
export type CompiledJwt = {
  issuer: string;
  audiences: string[];
  keys: JWTVerifyGetKey;
  claims: readonly { name: string; values: readonly string[] }[];
};

type JwtSpec = {
  issuer: string;
  audiences: string[];
  jwks?: { keys: Record<string, unknown>[] } | undefined;
  jwksUri?: string | undefined;
  claims?: { name: string; values: string[] }[] | undefined;
};

/**
 * Remote key sets by URI, kept across snapshots so a config change does not refetch.
 * jose caches the document (10 min here) and refetches at most every 30 s when it meets
 * an unknown `kid` (key rotation).
 */
export class JwksCache {
  private readonly sets = new Map<string, JWTVerifyGetKey>();
  constructor(private readonly fetchImpl?: FetchImplementation) {}

  get(uri: string): JWTVerifyGetKey {
    let set = this.sets.get(uri);
    if (!set) {
      set = createRemoteJWKSet(new URL(uri), {
        cacheMaxAge: 600_000,
        cooldownDuration: 30_000,
        timeoutDuration: 5_000,
        ...(this.fetchImpl ? { [customFetch]: this.fetchImpl } : {}),
      });
      this.sets.set(uri, set);
    }
    return set;
  }
}

/** Readies a requirement; throws (NACK) on what cannot work: a non-https jwksUri, a key without `kty`. */
export function indexJwt(spec: JwtSpec, where: string, cache: JwksCache): CompiledJwt {
  let keys: JWTVerifyGetKey;
  if (spec.jwksUri !== undefined) {
    const url = new URL(spec.jwksUri);
    if (url.protocol !== "https:")
      throw new Error(`${where}: jwksUri must be an https URL, got ${url.protocol}`);
    keys = cache.get(spec.jwksUri);
  } else if (spec.jwks) {
    for (const k of spec.jwks.keys) {
      if (typeof k.kty !== "string") throw new Error(`${where}: every JWKS key needs a "kty"`);
    }
    keys = createLocalJWKSet(spec.jwks as unknown as JSONWebKeySet);
  } else {
    throw new Error(`${where}: give jwks or jwksUri`);
  }
  return { issuer: spec.issuer, audiences: spec.audiences, keys, claims: spec.claims ?? [] };
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1). */
export function bearerToken(authorization: string | string[] | undefined): string | undefined {
  const v = Array.isArray(authorization) ? authorization[0] : authorization;
  if (!v) return undefined;
  const m = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(v);
  return m?.[1];
}

export type JwtResult = { ok: true; payload: JWTPayload } | { ok: false; error: string };

export async function verifyJwt(token: string, req: CompiledJwt): Promise<JwtResult> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, req.keys, {
      issuer: req.issuer,
      audience: req.audiences,
      clockTolerance: 30,
      requiredClaims: ["exp"],
    }));
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  for (const c of req.claims) {
    if (!claimHolds(payload, c.name, c.values)) return { ok: false, error: `claim "${c.name}" not allowed` };
  }
  return { ok: true, payload };
}

/**
 * A claim holds when its value (a dotted name reaches into objects) equals one of the
 * values, or — for arrays — contains one; `scope` is split on spaces (RFC 8693 §4.2).
 */
export function claimHolds(payload: JWTPayload, name: string, values: readonly string[]): boolean {
  let v: unknown = payload[name];
  if (v === undefined && name.includes(".")) {
    v = name
      .split(".")
      .reduce<unknown>(
        (o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined),
        payload,
      );
  }
  if (v === undefined || v === null) return false;
  const have = Array.isArray(v) ? v.map(String) : name === "scope" ? String(v).split(" ") : [String(v)];
  return have.some((h) => values.includes(h));
}
