import type { MeshCa } from "@trellis/protocol/api";
import { authorize } from "../actor.ts";
import { findMesh } from "../meshes/find.ts";
import type { VerbArgs } from "../verb.ts";
import { withCaErrors } from "./errors.ts";
import { meshCaView } from "./view.ts";

export async function getMeshCa({ ctx, actor, input }: VerbArgs<{ mesh: string }>): Promise<MeshCa> {
  authorize(actor, "read");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  return withCaErrors(() => meshCaView(ctx, mesh));
}
