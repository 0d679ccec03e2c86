import { schema } from "@trellis/db";
import type { Certificate, ListCertificatesQuery, Page } from "@trellis/protocol/api";
import { and, desc, eq, lt, or } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { invalid } from "../errors.ts";
import { findMesh } from "../meshes/find.ts";
import { decodeCursor, toPage } from "../pagination.ts";
import type { VerbArgs } from "../verb.ts";

type Row = typeof schema.certificates.$inferSelect;

const dto = (r: Row): Certificate => ({
  serial: r.serial,
  cluster: r.clusterName,
  proxyId: r.proxyId,
  identity: r.identity,
  notBefore: r.notBefore.toISOString(),
  notAfter: r.notAfter.toISOString(),
  rootFingerprint: r.rootFingerprint,
  issuedAt: r.issuedAt.toISOString(),
});

/** The mesh's certificate registry, newest first, filtered by cluster and/or identity. */
export async function listCertificates({
  ctx,
  actor,
  input,
}: VerbArgs<ListCertificatesQuery & { mesh: string }>): Promise<Page<Certificate>> {
  authorize(actor, "read");
  const mesh = await findMesh(ctx.db, actor.orgId, input.mesh);
  const t = schema.certificates;
  const cursor = decodeCursor(input.cursor);
  if (cursor && Number.isNaN(new Date(cursor.k).getTime())) {
    throw invalid("the cursor is not valid; pass back the nextCursor of the previous page", [
      { pointer: "/cursor", detail: "malformed cursor" },
    ]);
  }
  const before = cursor
    ? or(lt(t.issuedAt, new Date(cursor.k)), and(eq(t.issuedAt, new Date(cursor.k)), lt(t.serial, cursor.id)))
    : undefined;
  const rows = await ctx.db
    .select()
    .from(t)
    .where(
      and(
        eq(t.meshId, mesh.id),
        input.cluster ? eq(t.clusterName, input.cluster) : undefined,
        input.identity ? eq(t.identity, input.identity) : undefined,
        before,
      ),
    )
    .orderBy(desc(t.issuedAt), desc(t.serial))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, dto, (r) => ({ k: r.issuedAt.toISOString(), id: r.serial }));
}
