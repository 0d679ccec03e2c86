import type { Mesh } from "@trellis/sdk";
import { api } from "../../api/client.ts";
import { DataTable } from "../../components/data-table.tsx";
import { Link, Panel } from "../../components/ui.tsx";
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
        <DataTable<Mesh>
          rows={meshes}
          what="meshes"
          empty="No meshes yet."
          rowKey={(m) => m.id}
          columns={[
            {
              header: "Name",
              rowHeader: true,
              cell: (m) => <Link href={`/meshes/${encodeURIComponent(m.name)}`}>{m.name}</Link>,
            },
            { header: "Description", cell: (m) => m.description || "—" },
            { header: "Trust domain", cell: (m) => <code>{m.trustDomain}</code> },
            { header: "Config version", cell: (m) => m.configVersion },
            { header: "Created", cell: (m) => dateTime(m.createdAt) },
          ]}
        />
      </Panel>
      {can("meshes") ? (
        <CreateMeshForm onCreated={(name) => navigate(`/meshes/${encodeURIComponent(name)}/clusters/new`)} />
      ) : null}
    </div>
  );
}
