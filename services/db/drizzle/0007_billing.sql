CREATE TABLE "billing_accounts" (
	"org_id" text PRIMARY KEY NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"stripe_subscription_id" text,
	"plan" text DEFAULT 'free' NOT NULL,
	"subscription_status" text,
	"price_id" text,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"current_period_start" timestamp (3) with time zone,
	"current_period_end" timestamp (3) with time zone,
	"custom_limits" jsonb,
	"subscription_event_at" timestamp (3) with time zone,
	"metered_from" timestamp (3) with time zone,
	"metered_until" timestamp (3) with time zone,
	"payment_failed_at" timestamp (3) with time zone,
	"grace_ends_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proxy_hours" (
	"org_id" text NOT NULL,
	"hour" timestamp (3) with time zone NOT NULL,
	"cluster_id" text NOT NULL,
	"proxy_id" text NOT NULL,
	CONSTRAINT "proxy_hours_org_id_hour_cluster_id_proxy_id_pk" PRIMARY KEY("org_id","hour","cluster_id","proxy_id")
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"event_created_at" timestamp (3) with time zone NOT NULL,
	"org_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_reports" (
	"org_id" text NOT NULL,
	"hour" timestamp (3) with time zone NOT NULL,
	"proxy_hours" integer NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"identifier" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone,
	"last_error" text,
	"reported_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_reports_org_id_hour_pk" PRIMARY KEY("org_id","hour")
);
--> statement-breakpoint
ALTER TABLE "billing_accounts" ADD CONSTRAINT "billing_accounts_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_accounts_customer_key" ON "billing_accounts" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE INDEX "proxy_hours_hour_idx" ON "proxy_hours" USING btree ("hour");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_reports_identifier_key" ON "usage_reports" USING btree ("identifier");--> statement-breakpoint
CREATE INDEX "usage_reports_pending_idx" ON "usage_reports" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "certificates_proxy_idx" ON "certificates" USING btree ("cluster_id","proxy_id");--> statement-breakpoint
CREATE INDEX "proxies_org_idx" ON "proxies" USING btree ("org_id");