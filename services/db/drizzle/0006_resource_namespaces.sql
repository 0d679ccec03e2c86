DROP INDEX "mesh_resources_mesh_kind_name_key";--> statement-breakpoint
ALTER TABLE "mesh_resources" ADD COLUMN "api_version" text DEFAULT 'trellis.dev/v1' NOT NULL;--> statement-breakpoint
ALTER TABLE "mesh_resources" ADD COLUMN "namespace" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "mesh_resources" ADD COLUMN "labels" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "mesh_resources" ADD COLUMN "annotations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "mesh_resources" ADD COLUMN "spec_config_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "mesh_resources_mesh_kind_ns_name_key" ON "mesh_resources" USING btree ("mesh_id","kind","namespace","name");--> statement-breakpoint
-- Rows written before this migration: conservatively, carried by the mesh's current version.
UPDATE "mesh_resources" SET "spec_config_version" = "meshes"."config_version" FROM "meshes" WHERE "meshes"."id" = "mesh_resources"."mesh_id";
