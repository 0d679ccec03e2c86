ALTER TABLE "proxies" ADD COLUMN "kind" text DEFAULT 'trellis-proxy' NOT NULL;--> statement-breakpoint
ALTER TABLE "proxies" ADD COLUMN "user_agent" text DEFAULT '' NOT NULL;