CREATE TABLE "reports" (
	"id" text PRIMARY KEY NOT NULL,
	"company_id" text,
	"requested_by" text NOT NULL,
	"format" text NOT NULL,
	"bom" boolean DEFAULT false NOT NULL,
	"filters" jsonb NOT NULL,
	"status" text NOT NULL,
	"rows" integer,
	"bytes" bigint,
	"object_key" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reports_company_created_idx" ON "reports" USING btree ("company_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reports_expiry_idx" ON "reports" USING btree ("expires_at") WHERE "reports"."status" = 'ready';