/** Splits `host[:port]` (or `[v6]:port`); hostname lower-cased. */
export function splitAuthority(authority: string): { hostname: string; port: number | undefined } {
  const a = authority.toLowerCase();
  if (a.startsWith("[")) {
    const end = a.indexOf("]");
    const port = a.slice(end + 2);
    return { hostname: a.slice(1, end), port: port ? Number(port) : undefined };
  }
  const colon = a.lastIndexOf(":");
  if (colon < 0) return { hostname: a, port: undefined };
  const port = Number(a.slice(colon + 1));
  return { hostname: a.slice(0, colon), port: Number.isInteger(port) && port > 0 ? port : undefined };
}
