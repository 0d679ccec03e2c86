import { z } from "zod";

export const auditEntrySchema = z.object({
  id: z.string(),
  /** `usr_…` or `tok_…` of whoever acted, or `system`. */
  actor: z.string(),
  actorLabel: z.string(),
  action: z.string(),
  target: z.string(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
