CREATE TABLE "proxies" (
	"cluster_id" text NOT NULL,
	"proxy_id" text NOT NULL,
	"org_id" text NOT NULL,
	"mesh_id" text NOT NULL,
	"service" text NOT NULL,
	"namespace" text NOT NULL,
	"workload" text NOT NULL,
	"identity" text NOT NULL,
	"version" text NOT NULL,
	"applied_config_version" bigint,
	"health" text NOT NULL,
	"started_at" timestamp (3) with time zone,
	"last_seen_at" timestamp (3) with time zone NOT NULL,
	"cert_not_after" timestamp (3) with time zone,
	"last_nack" jsonb,
	"lagging_since" timestamp (3) with time zone,
	CONSTRAINT "proxies_cluster_id_proxy_id_pk" PRIMARY KEY("cluster_id","proxy_id")
);
--> statement-breakpoint
ALTER TABLE "proxies" ADD CONSTRAINT "proxies_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proxies_mesh_idx" ON "proxies" USING btree ("mesh_id");