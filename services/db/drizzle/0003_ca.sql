CREATE TABLE "certificates" (
	"mesh_id" text NOT NULL,
	"serial" text NOT NULL,
	"org_id" text NOT NULL,
	"cluster_id" text NOT NULL,
	"cluster_name" text NOT NULL,
	"proxy_id" text NOT NULL,
	"identity" text NOT NULL,
	"not_before" timestamp (3) with time zone NOT NULL,
	"not_after" timestamp (3) with time zone NOT NULL,
	"root_fingerprint" text NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "certificates_mesh_id_serial_pk" PRIMARY KEY("mesh_id","serial")
);
--> statement-breakpoint
CREATE TABLE "mesh_cas" (
	"mesh_id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"backend" text NOT NULL,
	"state" jsonb,
	"state_version" integer DEFAULT 1 NOT NULL,
	"rotation_phase" text,
	"rotation_bundle_version" bigint,
	"rotation_new_root" text,
	"rotation_old_root" text,
	"rotation_started_at" timestamp (3) with time zone,
	"rotation_command_at" timestamp (3) with time zone,
	"rotation_finished_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "proxies" ADD COLUMN "cert_root_fingerprint" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_mesh_id_meshes_id_fk" FOREIGN KEY ("mesh_id") REFERENCES "public"."meshes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mesh_cas" ADD CONSTRAINT "mesh_cas_mesh_id_meshes_id_fk" FOREIGN KEY ("mesh_id") REFERENCES "public"."meshes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificates_mesh_issued_idx" ON "certificates" USING btree ("mesh_id","issued_at");--> statement-breakpoint
CREATE INDEX "certificates_not_after_idx" ON "certificates" USING btree ("not_after");