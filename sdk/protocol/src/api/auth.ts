import { z } from "zod";
import { roleSchema } from "./roles.ts";

export const emailSchema = z
  .email("must be an email address")
  .max(254)
  .transform((e) => e.toLowerCase());

export const passwordSchema = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(256, "must be at most 256 characters")
  .refine((p) => new Set(p).size >= 5, "is too simple: use more different characters");

export const orgNameSchema = z.string().trim().min(1, "must not be empty").max(100);

export const signupInputSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  orgName: orgNameSchema,
});
export type SignupInput = z.infer<typeof signupInputSchema>;

export const loginInputSchema = z.object({ email: emailSchema, password: z.string().min(1).max(256) });
export type LoginInput = z.infer<typeof loginInputSchema>;

export const userSchema = z.object({ id: z.string(), email: z.string(), createdAt: z.string() });
export type User = z.infer<typeof userSchema>;

export const orgSchema = z.object({
  id: z.string(),
  name: z.string(),
  plan: z.string(),
  createdAt: z.string(),
});
export type Org = z.infer<typeof orgSchema>;

export const sessionResponseSchema = z.object({
  user: userSchema,
  org: orgSchema,
  role: roleSchema,
  /** Send back as `X-CSRF-Token` on every cookie-authenticated mutation. */
  csrfToken: z.string(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const meResponseSchema = z.object({
  user: userSchema.nullable(),
  org: orgSchema,
  role: roleSchema,
  /** How the caller authenticated. */
  via: z.enum(["session", "token"]),
  tokenId: z.string().optional(),
  csrfToken: z.string().optional(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;
