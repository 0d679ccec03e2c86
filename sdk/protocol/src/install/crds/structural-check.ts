import type { SchemaNode } from "./structural-schema.ts";

const forbiddenAnywhere = [
  "$ref",
  "$schema",
  "$defs",
  "definitions",
  "dependencies",
  "additionalItems",
  "patternProperties",
  "id",
  "const",
];
const forbiddenInJunctors = ["description", "type", "default", "additionalProperties", "nullable"];
const junctors = ["allOf", "anyOf", "oneOf", "not"];
// RE2 (the API server's regexp engine) has no lookaround and no back-references.
const nonRe2 = /\(\?<?[=!]|\\[1-9]/;

/**
 * Why the API server would refuse `schema` as a CRD's openAPIV3Schema, following the
 * structural-schema rules (empty when it is structural). `metadata` may only restrict
 * name and generateName.
 */
export function structuralProblems(schema: SchemaNode): string[] {
  const problems: string[] = [];
  if (schema.type !== "object") problems.push("/: the root must be of type object");
  const metadata = (schema.properties as Record<string, SchemaNode> | undefined)?.metadata;
  if (metadata) {
    const restricted = Object.keys((metadata.properties ?? {}) as object);
    if (restricted.some((k) => k !== "name" && k !== "generateName"))
      problems.push("/metadata: only name and generateName may be restricted");
  }
  walk(schema, "", problems);
  return problems;
}

function walk(node: SchemaNode, path: string, problems: string[]): void {
  const at = path || "/";
  for (const key of forbiddenAnywhere) if (key in node) problems.push(`${at}: ${key} is not allowed`);
  if (node.uniqueItems === true) problems.push(`${at}: uniqueItems must not be true`);
  const free =
    node["x-kubernetes-preserve-unknown-fields"] === true || node["x-kubernetes-int-or-string"] === true;
  if (typeof node.type !== "string" && !free) problems.push(`${at}: every node needs a type`);
  if (node.properties && node.additionalProperties !== undefined)
    problems.push(`${at}: properties and additionalProperties exclude each other`);
  if (typeof node.pattern === "string" && nonRe2.test(node.pattern))
    problems.push(`${at}: pattern ${node.pattern} is not RE2 (lookaround or back-reference)`);
  for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, SchemaNode>))
    walk(v, `${path}/${k}`, problems);
  if (node.items) walk(node.items as SchemaNode, `${path}/items`, problems);
  if (node.additionalProperties && typeof node.additionalProperties === "object")
    walk(node.additionalProperties as SchemaNode, `${path}/additionalProperties`, problems);
  for (const j of junctors) {
    const inner = node[j];
    if (inner === undefined) continue;
    for (const [i, branch] of (Array.isArray(inner) ? inner : [inner]).entries())
      checkJunctor(branch as SchemaNode, node, `${path}/${j}/${i}`, problems);
  }
}

/** Inside allOf/anyOf/oneOf/not: only restrictions of fields the outer node already specifies. */
function checkJunctor(branch: SchemaNode, outer: SchemaNode, path: string, problems: string[]): void {
  for (const key of forbiddenInJunctors)
    if (key in branch) problems.push(`${path}: ${key} is not allowed here`);
  for (const key of forbiddenAnywhere) if (key in branch) problems.push(`${path}: ${key} is not allowed`);
  const outerProps = (outer.properties ?? {}) as Record<string, SchemaNode>;
  for (const [k, v] of Object.entries((branch.properties ?? {}) as Record<string, SchemaNode>)) {
    if (!outerProps[k]) problems.push(`${path}/${k}: not specified outside the junctor`);
    else checkJunctor(v, outerProps[k], `${path}/${k}`, problems);
  }
  if (branch.items) {
    if (!outer.items) problems.push(`${path}/items: not specified outside the junctor`);
    else checkJunctor(branch.items as SchemaNode, outer.items as SchemaNode, `${path}/items`, problems);
  }
  for (const j of junctors) {
    const inner = branch[j];
    if (inner === undefined) continue;
    for (const [i, b] of (Array.isArray(inner) ? inner : [inner]).entries())
      checkJunctor(b as SchemaNode, outer, `${path}/${j}/${i}`, problems);
  }
}
