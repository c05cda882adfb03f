CREATE TABLE "rate_limit_refusals" (
	"window_start" timestamp with time zone NOT NULL,
	"policy" text NOT NULL,
	"ip" text DEFAULT '' NOT NULL,
	"company_id" text DEFAULT '' NOT NULL,
	"api_key_id" text DEFAULT '' NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "rate_limit_refusals_window_start_policy_ip_company_id_api_key_id_pk" PRIMARY KEY("window_start","policy","ip","company_id","api_key_id")
);
--> statement-breakpoint
CREATE INDEX "rate_limit_refusals_window_idx" ON "rate_limit_refusals" USING btree ("window_start");