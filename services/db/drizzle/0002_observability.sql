CREATE TABLE "health_flags" (
	"mesh_id" text NOT NULL,
	"org_id" text NOT NULL,
	"key" text NOT NULL,
	"flag" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject" text NOT NULL,
	"reason" text NOT NULL,
	"raised_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "health_flags_mesh_id_key_pk" PRIMARY KEY("mesh_id","key")
);
--> statement-breakpoint
CREATE TABLE "metric_rollups" (
	"mesh_id" text NOT NULL,
	"org_id" text NOT NULL,
	"resolution_seconds" integer NOT NULL,
	"bucket_start" timestamp (3) with time zone NOT NULL,
	"source_namespace" text NOT NULL,
	"source_service" text NOT NULL,
	"destination_namespace" text NOT NULL,
	"destination_service" text NOT NULL,
	"route" text NOT NULL,
	"requests" bigint NOT NULL,
	"successes" bigint NOT NULL,
	"retries" bigint DEFAULT 0 NOT NULL,
	"latency_buckets" bigint[] NOT NULL,
	CONSTRAINT "metric_rollups_mesh_id_resolution_seconds_bucket_start_source_namespace_source_service_destination_namespace_destination_service_route_pk" PRIMARY KEY("mesh_id","resolution_seconds","bucket_start","source_namespace","source_service","destination_namespace","destination_service","route")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"webhook_id" text NOT NULL,
	"org_id" text NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"secret" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "health_flags" ADD CONSTRAINT "health_flags_mesh_id_meshes_id_fk" FOREIGN KEY ("mesh_id") REFERENCES "public"."meshes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_rollups" ADD CONSTRAINT "metric_rollups_mesh_id_meshes_id_fk" FOREIGN KEY ("mesh_id") REFERENCES "public"."meshes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_rollups_retention_idx" ON "metric_rollups" USING btree ("resolution_seconds","bucket_start");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" USING btree ("webhook_id","created_at","id");--> statement-breakpoint
CREATE INDEX "webhooks_org_idx" ON "webhooks" USING btree ("org_id","created_at");