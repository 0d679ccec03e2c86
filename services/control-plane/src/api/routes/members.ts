import { addMember, listMembers, removeMember, updateMemberRole } from "@trellis/core/members";
import {
  addMemberInputSchema,
  addMemberResponseSchema,
  memberSchema,
  pageQuerySchema,
  pageSchema,
  updateMemberInputSchema,
} from "@trellis/protocol/api";
import { route } from "../route.ts";

export const memberRoutes = [
  route({
    method: "post",
    path: "/v1/members",
    summary: "Add a user to the org, or invite an email that has no account yet",
    tag: "members",
    body: addMemberInputSchema,
    idempotent: true,
    responses: { 201: { description: "Added or invited", schema: addMemberResponseSchema } },
    handler: async ({ ctx, actor, requestId, body }) => ({
      status: 201,
      body: await addMember({ ctx, actor, requestId, input: body }),
    }),
  }),
  route({
    method: "get",
    path: "/v1/members",
    summary: "List members",
    tag: "members",
    query: pageQuerySchema,
    responses: { 200: { description: "A page of members", schema: pageSchema(memberSchema) } },
    handler: async ({ ctx, actor, requestId, query }) => ({
      status: 200,
      body: await listMembers({ ctx, actor, requestId, input: query }),
    }),
  }),
  route({
    method: "patch",
    path: "/v1/members/:id",
    summary: "Change a member's role",
    tag: "members",
    body: updateMemberInputSchema,
    responses: { 200: { description: "Updated", schema: memberSchema } },
    handler: async ({ ctx, actor, requestId, params, body }) => ({
      status: 200,
      body: await updateMemberRole({ ctx, actor, requestId, input: { id: params.id!, role: body.role } }),
    }),
  }),
  route({
    method: "delete",
    path: "/v1/members/:id",
    summary: "Remove a member",
    tag: "members",
    responses: { 204: { description: "Removed" } },
    handler: async ({ ctx, actor, requestId, params }) => {
      await removeMember({ ctx, actor, requestId, input: { id: params.id! } });
      return { status: 204 };
    },
  }),
];
