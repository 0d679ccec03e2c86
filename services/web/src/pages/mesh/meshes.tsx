import { api } from "../../api/client.ts";
import { Link, LoadError, Loading, Panel } from "../../components/ui.tsx";
import { usePoll } from "../../hooks/use-poll.ts";
import { dateTime } from "../../lib/format.ts";
import { navigate } from "../../router.ts";
import { useSession } from "../../session.ts";
import { CreateMeshForm } from "../onboarding/onboarding.tsx";

/** The org's meshes, and a form to create one (owners and admins). */
export function MeshesPage() {
  const { can } = useSession();
  const meshes = usePoll(() => api.meshes.listAll(), 5000, []);
  return (
    <div>
      <h1>Meshes</h1>
      <Panel title="Your meshes">
        {meshes.error ? <LoadError error={meshes.error} what="meshes" /> : null}
        {meshes.loading ? (
          <Loading what="meshes" />
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Trust domain</th>
                <th scope="col">Config version</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {(meshes.data ?? []).map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link href={`/meshes/${encodeURIComponent(m.name)}`}>{m.name}</Link>
                  </td>
                  <td>{m.description || "—"}</td>
                  <td>
                    <code>{m.trustDomain}</code>
                  </td>
                  <td>{m.configVersion}</td>
                  <td>{dateTime(m.createdAt)}</td>
                </tr>
              ))}
              {meshes.data?.length === 0 ? (
                <tr>
                  <td colSpan={5}>No meshes yet.</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        )}
      </Panel>
      {can("meshes") ? (
        <CreateMeshForm onCreated={(name) => navigate(`/meshes/${encodeURIComponent(name)}/clusters/new`)} />
      ) : null}
    </div>
  );
}
