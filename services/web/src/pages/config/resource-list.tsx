import { resourceKinds } from "@trellis/protocol/resources";
import { useState } from "preact/hooks";
import { api } from "../../api/client.ts";
import { Link, LoadError, Loading, Panel } from "../../components/ui.tsx";
import { useNow, usePoll } from "../../hooks/use-poll.ts";
import { ago } from "../../lib/format.ts";
import { useSession } from "../../session.ts";
import { editorUrl } from "./editor-url.ts";
import { ResourceStatusBadge } from "./resource-conditions.tsx";

/** Routes and policies of a mesh, filterable by kind. */
export function ResourceListPage(props: { mesh: string }) {
  const { can } = useSession();
  const now = useNow(5000);
  const [kind, setKind] = useState("");
  const resources = usePoll(() => api.resources(props.mesh).listAll(), 3000, [props.mesh]);
  const base = `/meshes/${encodeURIComponent(props.mesh)}/config`;
  const rows = (resources.data ?? []).filter((r) => !kind || r.kind === kind);
  return (
    <div>
      <h1>Configuration of {props.mesh}</h1>
      <Panel
        title="Routes and policies"
        actions={
          <>
            <span class="field inline">
              <label for="kind-filter">Kind</label>
              <select
                id="kind-filter"
                value={kind}
                onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}
              >
                <option value="">All kinds</option>
                {resourceKinds.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </span>
            {can("resources") ? (
              <Link href={`${base}/new${kind ? `?kind=${kind}` : ""}`} class="button">
                New resource
              </Link>
            ) : null}
          </>
        }
      >
        {resources.error ? <LoadError error={resources.error} what="resources" /> : null}
        {resources.loading ? (
          <Loading what="resources" />
        ) : (
          <table data-testid="resources-table">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Namespace</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Generation</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.kind}</td>
                  <td>{r.namespace}</td>
                  <th scope="row">
                    <Link href={editorUrl(base, r.kind, r.namespace, r.name)}>{r.name}</Link>
                  </th>
                  <td>
                    <ResourceStatusBadge resource={r} />
                  </td>
                  <td>{r.generation}</td>
                  <td>{ago(r.updatedAt, now)}</td>
                </tr>
              ))}
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={6}>No resources yet. Traffic flows with the mesh defaults.</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}
