import type { FlagName, MeshProxy, Page, ProxyKind } from "@trellis/protocol/api";
import { authorize } from "../actor.ts";
import { computeFlags } from "../health/flags.ts";
import { flagPolicy, loadMeshState } from "../health/load-state.ts";
import { findMesh } from "../meshes/find.ts";
import { decodeCursor, encodeCursor } from "../pagination.ts";
import type { VerbArgs } from "../verb.ts";
import { flagsOfProxy, proxyDto } from "./dto.ts";

export interface ListProxiesInput {
  mesh: string;
  cluster?: string | undefined;
  service?: string | undefined;
  version?: string | undefined;
  flag?: FlagName | undefined;
  kind?: ProxyKind | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The mesh's proxies ordered by cluster then id, with their flags, filtered by cluster,
 * service, version, flag or kind of data plane. Flags depend on the whole mesh (mixed versions compare a
 * service's proxies), so the page is cut after computing them; the cursor is the last
 * (cluster, proxy id).
 */
export async function listProxies({
  ctx,
  actor,
  input,
}: VerbArgs<ListProxiesInput>): Promise<Page<MeshProxy>> {
  authorize(actor, "read");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const state = await loadMeshState(ctx, mesh);
  const now = ctx.clock.now();
  const policy = flagPolicy(ctx);
  const flags = computeFlags(state, policy, now);
  const after = decodeCursor(input.cursor);
  const matching = [];
  for (const p of state.proxies) {
    if (input.cluster && p.cluster !== input.cluster) continue;
    if (input.service && p.service !== input.service) continue;
    if (input.version && p.version !== input.version) continue;
    if (input.kind && p.kind !== input.kind) continue;
    if (after && (p.cluster < after.k || (p.cluster === after.k && p.proxyId <= after.id))) continue;
    const own = flagsOfProxy(p, flags);
    if (input.flag && !own.some((f) => f.flag === input.flag)) continue;
    matching.push(proxyDto(p, own, state.desiredVersion, policy.staleAfterMs, now.getTime()));
    if (matching.length > input.limit) break;
  }
  const more = matching.length > input.limit;
  const items = matching.slice(0, input.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor({ k: last.cluster, id: last.id }) : null };
}
