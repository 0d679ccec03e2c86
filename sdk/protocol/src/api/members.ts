import { z } from "zod";
import { emailSchema } from "./auth.ts";
import { roleSchema } from "./roles.ts";

export const memberSchema = z.object({
  id: z.string(),
  userId: z.string(),
  email: z.string(),
  role: roleSchema,
  createdAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

/** Adds an existing user, or invites an email that signs up later. */
export const addMemberInputSchema = z.object({ email: emailSchema, role: roleSchema });
export type AddMemberInput = z.infer<typeof addMemberInputSchema>;

export const updateMemberInputSchema = z.object({ role: roleSchema });

export const inviteSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Invite = z.infer<typeof inviteSchema>;

export const addMemberResponseSchema = z.union([
  z.object({ status: z.literal("added"), member: memberSchema }),
  z.object({ status: z.literal("invited"), invite: inviteSchema }),
]);
