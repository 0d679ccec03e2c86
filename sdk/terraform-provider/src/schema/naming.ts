// Terraform names are snake_case; repeated blocks are named in the singular, as HCL reads
// (`rule { backend_ref { … } }`), while list attributes keep the plural (`hostnames = […]`).

/** `backendRefs` → `backend_refs`, `HTTPRoute` → `http_route`, `jwksUri` → `jwks_uri`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/-/g, "_")
    .toLowerCase();
}

/** `rules` → `rule`, `matches` → `match`, `policies` → `policy`, `from` → `from`. */
export function singular(name: string): string {
  if (/ies$/.test(name)) return name.replace(/ies$/, "y");
  if (/(ch|sh|ss|x)es$/.test(name)) return name.replace(/es$/, "");
  if (/[^s]s$/.test(name)) return name.slice(0, -1);
  return name;
}

/** Names Terraform reserves for meta-arguments in resource and data blocks. */
export const reservedNames = new Set([
  "count",
  "depends_on",
  "for_each",
  "lifecycle",
  "provider",
  "provisioner",
  "connection",
]);
