import { z } from "zod";
import { roleSchema } from "./roles.ts";

export const createTokenInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: roleSchema,
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateTokenInput = z.infer<typeof createTokenInputSchema>;

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  /** The first characters of the secret, to recognise it in lists. */
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createdTokenSchema = apiTokenSchema.extend({
  /** The secret itself: shown once, never again. */
  token: z.string(),
});
export type CreatedToken = z.infer<typeof createdTokenSchema>;
