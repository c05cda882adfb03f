ALTER TABLE "carrier_callbacks" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "carrier_callbacks" ADD COLUMN "retry_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "carrier_callbacks" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "carrier_callbacks" ADD COLUMN "dead_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "carrier_callbacks_dead_idx" ON "carrier_callbacks" USING btree ("id") WHERE "carrier_callbacks"."status" = 'dead';