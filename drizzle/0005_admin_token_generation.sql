ALTER TABLE "admins" ADD COLUMN "token_generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The API log keeps only a preview of what was submitted as an API key (and, for admin logins, of an
-- email that names no admin), so a secret pasted into that field is never shown to admins. Rows
-- written before are rewritten once by the same rule as src/modules/auth/log-preview.ts.
UPDATE "api_logs" SET "api_key" = CASE
    WHEN "api_key" ~ '^ff_sk_live_[0-9A-Za-z]{32}$' THEN left("api_key", 15) || '…' || right("api_key", 4)
    ELSE left("api_key", least(4, char_length("api_key") / 8)) || '…' || right("api_key", least(4, char_length("api_key") / 8))
  END
  WHERE "api_key" IS NOT NULL
    AND ("kind" <> 'admin_login' OR NOT EXISTS (SELECT 1 FROM "admins" WHERE lower("admins"."email") = lower("api_logs"."api_key")));
