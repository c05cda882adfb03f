CREATE TABLE "api_log_rollups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"route" text NOT NULL,
	"requests" integer NOT NULL,
	"errors" integer NOT NULL,
	"latency" integer[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "api_log_rollups_at_idx" ON "api_log_rollups" USING btree ("at");--> statement-breakpoint
CREATE INDEX "api_logs_credentials_at_idx" ON "api_logs" USING btree ("created_at") WHERE "api_logs"."kind" <> 'request';