CREATE TABLE "balance_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"dry_run" boolean NOT NULL,
	"trigger" text NOT NULL,
	"admin_id" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"report" jsonb NOT NULL,
	"decisions" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
DROP INDEX "shipments_unassigned_idx";--> statement-breakpoint
ALTER TABLE "admin_alerts" ADD COLUMN "severity" text DEFAULT 'warning' NOT NULL;--> statement-breakpoint
ALTER TABLE "admin_alerts" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "admin_alerts" ADD COLUMN "last_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "admin_alerts" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "price_multiplier" numeric(4, 2) DEFAULT '1.00' NOT NULL;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "price_multiplier_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "company_usage" ADD COLUMN "delivered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "company_usage" ADD COLUMN "delivered_on_time" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "company_usage" ADD COLUMN "failed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "distance_class" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "price_quote" jsonb;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "balance_runs_started_idx" ON "balance_runs" USING btree ("started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "activity_logs_subject_idx" ON "activity_logs" USING btree ("subject_id","created_at" DESC NULLS LAST) WHERE "activity_logs"."subject_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "admin_alerts_subject_open_uq" ON "admin_alerts" USING btree ("kind","subject") WHERE "admin_alerts"."subject" is not null and "admin_alerts"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "shipments_open_eta_idx" ON "shipments" USING btree ("estimated_delivery") WHERE "shipments"."status" not in ('delivered', 'failed', 'returned', 'cancelled');--> statement-breakpoint
CREATE INDEX "shipments_moving_updated_idx" ON "shipments" USING btree ("updated_at") WHERE "shipments"."status" in ('picked_up', 'in_transit', 'out_for_delivery');--> statement-breakpoint
CREATE INDEX "shipments_delivered_idx" ON "shipments" USING btree ("delivered_at") WHERE "shipments"."delivered_at" is not null;--> statement-breakpoint
CREATE INDEX "shipments_unassigned_idx" ON "shipments" USING btree ("created_at","id") WHERE "shipments"."assigned_company_id" is null and "shipments"."status" = 'pending' and "shipments"."carrier" is null;--> statement-breakpoint
-- Data (hand-written): when existing shipments were assigned and delivered, from their tracking events.
UPDATE "shipments" s SET "assigned_at" = e.at FROM (
  SELECT shipment_id, min(occurred_at) AS at FROM tracking_events WHERE status = 'assigned' GROUP BY shipment_id
) e WHERE e.shipment_id = s.id AND s.assigned_company_id IS NOT NULL;
--> statement-breakpoint
UPDATE "shipments" s SET "delivered_at" = e.at FROM (
  SELECT shipment_id, max(occurred_at) AS at FROM tracking_events WHERE status = 'delivered' GROUP BY shipment_id
) e WHERE e.shipment_id = s.id AND s.status = 'delivered';
--> statement-breakpoint
-- The load rule: a company's active shipments are the non-final ones it is responsible for (its assignee's
-- when assigned, else its creator's). Before, the creator's counter kept assigned shipments.
UPDATE "company_usage" u SET
  "active_shipments" = coalesce(x.active, 0),
  "delivered" = coalesce(x.delivered, 0),
  "delivered_on_time" = coalesce(x.on_time, 0),
  "failed" = coalesce(x.failed, 0)
FROM (
  SELECT c.id,
    (SELECT count(*) FROM shipments s WHERE coalesce(s.assigned_company_id, s.company_id) = c.id
       AND s.status NOT IN ('delivered', 'failed', 'returned', 'cancelled'))::int AS active,
    (SELECT count(*) FROM shipments s WHERE s.assigned_company_id = c.id AND s.status = 'delivered')::int AS delivered,
    (SELECT count(*) FROM shipments s WHERE s.assigned_company_id = c.id AND s.status = 'delivered'
       AND (s.estimated_delivery IS NULL OR s.delivered_at IS NULL OR s.delivered_at <= s.estimated_delivery))::int AS on_time,
    (SELECT count(*) FROM shipments s WHERE s.assigned_company_id = c.id AND s.status IN ('failed', 'returned'))::int AS failed
  FROM companies c
) x WHERE x.id = u.company_id;
