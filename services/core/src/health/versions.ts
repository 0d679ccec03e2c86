/**
 * The newest proxy release Trellis knows. Proxies reporting an older version are flagged
 * `version_behind`. Bump it with each proxy release (proxy/sidecar/src/version.ts).
 */
export const latestProxyVersion = "0.1.0";

type Parsed = { core: [number, number, number]; pre: string | null };

function parse(v: string): Parsed | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) return null;
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? null };
}

/**
 * Semantic-version order: negative when a < b. A prerelease sorts before its release;
 * prerelease tags compare as strings (enough for "rc.1" < "rc.2"). Null when either is
 * not a version.
 */
export function compareVersions(a: string, b: string): number | null {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return null;
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return x.core[i]! - y.core[i]!;
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}
