/** Id prefixes: every id says what it names (`mesh_…`, `clu_…`). */
export const idPrefix = {
  user: "usr",
  org: "org",
  member: "mem",
  invite: "inv",
  session: "ses",
  token: "tok",
  mesh: "mesh",
  cluster: "clu",
  service: "svc",
  proxy: "prx",
  resource: "res",
  audit: "aud",
  certificate: "crt",
  webhook: "whk",
  request: "req",
} as const;

export type IdKind = keyof typeof idPrefix;

/** Recognises an id of one kind: prefix, underscore, 20+ url-safe characters. */
export function isId(kind: IdKind, value: string): boolean {
  return new RegExp(`^${idPrefix[kind]}_[A-Za-z0-9]{20,}$`).test(value);
}
