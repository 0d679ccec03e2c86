import type { TrellisClient } from "@trellis/sdk";
import { defaultMeshOf } from "./connect.ts";
import { UsageError } from "./exit-codes.ts";

/**
 * The mesh a command acts on: `--mesh`, else TRELLIS_MESH, else the context's mesh
 * (`trellis context use <name> --mesh <mesh>`), else the org's only mesh. With several
 * meshes and none named, it is a usage error listing them.
 */
export async function resolveMesh(
  client: TrellisClient,
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  usage: string,
): Promise<string> {
  const named = flag || env.TRELLIS_MESH || defaultMeshOf(client);
  if (named) return named;
  const page = await client.meshes.list({ limit: 2 });
  if (page.items.length === 1) return page.items[0]!.name;
  if (page.items.length === 0)
    throw new UsageError("the org has no mesh yet: create one with `trellis mesh create <name>`", usage);
  const names = (await client.meshes.listAll()).map((m) => m.name).join(", ");
  throw new UsageError(
    `which mesh? give --mesh <name>, set TRELLIS_MESH, or \`trellis context use <context> --mesh <name>\` (meshes: ${names})`,
    usage,
  );
}
