import { listAudit } from "@trellis/core/audit";
import { auditEntrySchema, pageQuerySchema, pageSchema } from "@trellis/protocol/api";
import { route } from "../route.ts";

export const auditRoutes = [
  route({
    method: "get",
    path: "/v1/audit",
    summary: "The org's audit log, newest first",
    tag: "audit",
    query: pageQuerySchema,
    responses: { 200: { description: "A page of audit entries", schema: pageSchema(auditEntrySchema) } },
    handler: async ({ ctx, actor, requestId, query }) => ({
      status: 200,
      body: await listAudit({ ctx, actor, requestId, input: query }),
    }),
  }),
];
