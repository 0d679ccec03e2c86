/** The editor's URL of a resource; the namespace rides as a query when it is not `default`. */
export function editorUrl(base: string, kind: string, namespace: string, name: string): string {
  const ns = namespace === "default" ? "" : `?namespace=${encodeURIComponent(namespace)}`;
  return `${base}/${kind}/${encodeURIComponent(name)}${ns}`;
}
