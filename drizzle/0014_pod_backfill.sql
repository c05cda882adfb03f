CREATE TABLE "pod_backfill_items" (
	"run_id" integer NOT NULL,
	"carrier" text NOT NULL,
	"awb" text NOT NULL,
	"outcome" text NOT NULL,
	"attempts" integer NOT NULL,
	"error" text,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pod_backfill_items_run_id_carrier_awb_pk" PRIMARY KEY("run_id","carrier","awb")
);
--> statement-breakpoint
CREATE TABLE "pod_backfill_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"options" jsonb NOT NULL,
	"cursor" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"report" jsonb,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "pod_backfill_items" ADD CONSTRAINT "pod_backfill_items_run_id_pod_backfill_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."pod_backfill_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pod_backfill_items_awb_idx" ON "pod_backfill_items" USING btree ("carrier","awb","checked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pod_backfill_runs_one_open" ON "pod_backfill_runs" USING btree ((true)) WHERE status in ('running', 'paused');--> statement-breakpoint
CREATE INDEX "pod_backfill_runs_started_idx" ON "pod_backfill_runs" USING btree ("started_at" DESC NULLS LAST,"id" DESC NULLS LAST);