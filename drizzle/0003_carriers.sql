CREATE TABLE "carrier_callbacks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"carrier" text NOT NULL,
	"status" text NOT NULL,
	"reject_code" text,
	"remote_ip" text,
	"body_hash" text,
	"raw_body" text NOT NULL,
	"awb" text,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"nsq_published_at" timestamp with time zone,
	"applied_at" timestamp with time zone,
	"apply_note" text
);
--> statement-breakpoint
CREATE TABLE "proof_of_delivery" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"carrier" text NOT NULL,
	"awb" text NOT NULL,
	"shipment_id" text,
	"receiver_name" text,
	"image_url" text,
	"pod_code" text,
	"delivered_at" timestamp with time zone,
	"source" text NOT NULL,
	"notified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "shipments_unassigned_idx";--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "carrier" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "carrier_awb" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "carrier_raw_status" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "carrier_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD COLUMN "raw_code" text;--> statement-breakpoint
ALTER TABLE "proof_of_delivery" ADD CONSTRAINT "proof_of_delivery_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "carrier_callbacks_hash_uq" ON "carrier_callbacks" USING btree ("carrier","body_hash");--> statement-breakpoint
CREATE INDEX "carrier_callbacks_unpublished_idx" ON "carrier_callbacks" USING btree ("id") WHERE "carrier_callbacks"."status" = 'accepted' and "carrier_callbacks"."published_at" is null;--> statement-breakpoint
CREATE INDEX "carrier_callbacks_awb_idx" ON "carrier_callbacks" USING btree ("carrier","awb");--> statement-breakpoint
CREATE INDEX "carrier_callbacks_received_brin" ON "carrier_callbacks" USING brin ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "proof_of_delivery_awb_uq" ON "proof_of_delivery" USING btree ("carrier","awb");--> statement-breakpoint
CREATE INDEX "proof_of_delivery_shipment_idx" ON "proof_of_delivery" USING btree ("shipment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_carrier_awb_uq" ON "shipments" USING btree ("carrier","carrier_awb") WHERE "shipments"."carrier" is not null;--> statement-breakpoint
CREATE INDEX "shipments_carrier_refresh_idx" ON "shipments" USING btree ("carrier","carrier_checked_at") WHERE "shipments"."carrier" is not null and "shipments"."status" not in ('delivered', 'returned', 'cancelled');--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_events_carrier_uq" ON "tracking_events" USING btree ("shipment_id","occurred_at","raw_code") WHERE "tracking_events"."raw_code" is not null;--> statement-breakpoint
CREATE INDEX "shipments_unassigned_idx" ON "shipments" USING btree ("created_at") WHERE "shipments"."assigned_company_id" is null and "shipments"."status" = 'pending' and "shipments"."carrier" is null;