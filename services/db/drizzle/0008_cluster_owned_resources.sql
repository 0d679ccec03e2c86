ALTER TABLE "discovered_services" ADD COLUMN "addresses" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "mesh_resources" ADD COLUMN "owner_cluster_id" text;--> statement-breakpoint
ALTER TABLE "mesh_resources" ADD CONSTRAINT "mesh_resources_owner_cluster_id_clusters_id_fk" FOREIGN KEY ("owner_cluster_id") REFERENCES "public"."clusters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mesh_resources_owner_idx" ON "mesh_resources" USING btree ("owner_cluster_id");