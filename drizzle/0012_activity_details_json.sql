-- Audit details are written once and read whole: `json` keeps the text as written (checked valid) instead
-- of converting every number to `numeric` as `jsonb` does — 10,000 records of 16 numbers per balance run.
ALTER TABLE "activity_logs" ALTER COLUMN "details" SET DATA TYPE json USING "details"::json;
