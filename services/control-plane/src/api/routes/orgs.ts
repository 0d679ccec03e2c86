import { deleteOrg } from "@trellis/core/orgs";
import { z } from "zod";
import { route } from "../route.ts";

export const orgRoutes = [
  route({
    method: "delete",
    path: "/v1/org",
    summary: "Delete the caller's organisation and everything in it (owner only)",
    tag: "orgs",
    body: z.object({ confirm: z.string() }),
    responses: { 204: { description: "Deleted" } },
    handler: async ({ ctx, actor, requestId, body }) => {
      await deleteOrg({ ctx, actor, requestId, input: body });
      return { status: 204 };
    },
  }),
];
