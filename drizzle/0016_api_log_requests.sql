ALTER TABLE "api_logs" ADD COLUMN "method" text;--> statement-breakpoint
ALTER TABLE "api_logs" ADD COLUMN "route" text;--> statement-breakpoint
ALTER TABLE "api_logs" ADD COLUMN "duration_ms" real;--> statement-breakpoint
ALTER TABLE "api_logs" ADD COLUMN "request_id" text;--> statement-breakpoint
CREATE INDEX "api_logs_route_idx" ON "api_logs" USING btree ("route","created_at");