import type { MeshResource, TrellisClient } from "@trellis/sdk";
import type { CheckResult } from "../check-result.ts";
import { explain } from "../connect.ts";
import { ref } from "../kinds.ts";

/**
 * `resources of mesh <m>`: each resource's conditions. A spec the control plane no longer
 * accepts, or one a proxy refused, fails; a dangling reference (a backend no cluster has
 * discovered) or a change not yet on every proxy is a warning: it is valid, and may be on
 * purpose (a route for a service about to be deployed).
 */
export async function checkResources(
  client: TrellisClient,
  mesh: string,
  emit: (r: CheckResult) => void,
): Promise<void> {
  const section = `resources of mesh ${mesh}`;
  let resources: MeshResource[];
  try {
    resources = await client.resources(mesh).listAll();
  } catch (err) {
    const e = explain(err);
    return emit({
      section,
      check: "can be read",
      status: "fail",
      detail: e.message,
      ...(e.hint ? { hint: e.hint } : {}),
    });
  }
  const troubled = resources.filter((r) => r.status.conditions.some((c) => c.status !== "True"));
  emit({
    section,
    check: `resources are accepted, resolved and programmed (${resources.length - troubled.length}/${resources.length})`,
    status: troubled.length === 0 ? "ok" : "warn",
  });
  for (const r of troubled) emit(resourceResult(section, r));
}

function resourceResult(section: string, r: MeshResource): CheckResult {
  const off = r.status.conditions.filter((c) => c.status !== "True");
  const fails = off.some((c) => c.type === "Accepted" || (c.type === "Programmed" && c.reason === "Invalid"));
  const dangling = off.some((c) => c.type === "ResolvedRefs");
  return {
    section,
    check: `${ref(r.kind, r.name, r.namespace)}: ${off.map((c) => `${c.type}=${c.status === "False" ? c.reason : "Unknown"}`).join(", ")}`,
    status: fails ? "fail" : "warn",
    detail: off.map((c) => c.message).join("; "),
    hint: fails
      ? "fix the spec and `trellis apply` it again"
      : dangling
        ? "deploy the missing service, or fix the reference's name/namespace"
        : "wait, or run `trellis sync --wait`",
  };
}
