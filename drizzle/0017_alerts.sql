CREATE TABLE "alert_evaluator" (
	"id" integer PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carrier_circuits" (
	"process_id" text NOT NULL,
	"carrier" text NOT NULL,
	"state" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "carrier_circuits_process_id_carrier_pk" PRIMARY KEY("process_id","carrier")
);
