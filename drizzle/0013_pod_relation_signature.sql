ALTER TABLE "proof_of_delivery" ADD COLUMN "relation" text;--> statement-breakpoint
ALTER TABLE "proof_of_delivery" ADD COLUMN "signature_url" text;