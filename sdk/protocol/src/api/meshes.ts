import { z } from "zod";
import { dnsLabelSchema } from "../names.ts";
import { meshSettingsSpecSchema } from "../resources/mesh-settings.ts";

export const createMeshInputSchema = z.object({
  name: dnsLabelSchema,
  description: z.string().max(500).optional(),
  settings: meshSettingsSpecSchema.optional(),
});
export type CreateMeshInput = z.infer<typeof createMeshInputSchema>;

export const updateMeshInputSchema = z
  .object({
    description: z.string().max(500).optional(),
    settings: meshSettingsSpecSchema.optional(),
  })
  .refine((v) => v.description !== undefined || v.settings !== undefined, {
    message: "give description, settings or both",
  });
export type UpdateMeshInput = z.infer<typeof updateMeshInputSchema>;

export const meshSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** SPIFFE trust domain, unique per mesh: `spiffe://<trustDomain>/ns/<ns>/sa/<sa>`. */
  trustDomain: z.string(),
  /** Bumped by every change to the mesh's configuration. */
  configVersion: z.number().int(),
  settings: meshSettingsSpecSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Mesh = z.infer<typeof meshSchema>;
