import type { Condition, MeshResource } from "@trellis/protocol/resources";
import { Badge } from "../../components/ui.tsx";

/** The badge of one condition: True is good; a dangling reference or a pending rollout warns. */
export function conditionTone(
  c: Pick<Condition, "type" | "status" | "reason">,
): "good" | "warn" | "bad" | "idle" {
  if (c.status === "True") return "good";
  if (c.status === "Unknown") return "idle";
  return c.type === "Accepted" || c.reason === "Invalid" ? "bad" : "warn";
}

/** The status conditions of a resource (Accepted, ResolvedRefs, Programmed), each with its reason and message. */
export function ResourceConditions(props: { resource: Pick<MeshResource, "status"> }) {
  return (
    <table class="conditions" data-testid="resource-conditions">
      <caption>Status</caption>
      <tbody>
        {props.resource.status.conditions.map((c) => (
          <tr key={c.type}>
            <th scope="row">{c.type}</th>
            <td>
              <Badge tone={conditionTone(c)}>
                {c.status === "True" ? c.type : `${c.status}: ${c.reason}`}
              </Badge>
            </td>
            <td class="muted">{c.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One badge for a list row: Ready, else the first condition that is not. */
export function ResourceStatusBadge(props: { resource: Pick<MeshResource, "status"> }) {
  const off = props.resource.status.conditions.find((c) => c.status !== "True");
  if (!off) return <Badge tone="good">Ready</Badge>;
  return (
    <span title={off.message}>
      <Badge
        tone={conditionTone(off)}
      >{`${off.type}: ${off.status === "False" ? off.reason : "Unknown"}`}</Badge>
    </span>
  );
}
