DROP INDEX "shipments_carrier_awb_uq";--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "pod_notified_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_carrier_awb_uq" ON "shipments" USING btree ("carrier","carrier_awb","company_id") WHERE "shipments"."carrier" is not null;--> statement-breakpoint
-- pod.received was announced once per AWB (proof_of_delivery.notified_at); now once per shipment.
UPDATE "shipments" s SET "pod_notified_at" = p."notified_at" FROM "proof_of_delivery" p
  WHERE p."shipment_id" = s."id" AND p."notified_at" IS NOT NULL;--> statement-breakpoint
-- A carrier shipment registered after its carrier already pushed updates (hand-written; drizzle-kit does
-- not manage triggers): in the registering transaction, the AWB's stored callbacks go back to the outbox
-- (the relay publishes them again and the consumer applies them to every shipment of that AWB,
-- idempotently) and a POD saved before any shipment existed is linked to this one.
CREATE FUNCTION carrier_shipment_registered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE carrier_callbacks SET published_at = NULL, applied_at = NULL, nsq_published_at = NULL,
      apply_note = 'requeued: shipment ' || NEW.id || ' registered this AWB'
    WHERE carrier = NEW.carrier AND awb = NEW.carrier_awb AND status = 'accepted' AND published_at IS NOT NULL;
  UPDATE proof_of_delivery SET shipment_id = NEW.id, updated_at = now()
    WHERE carrier = NEW.carrier AND awb = NEW.carrier_awb AND shipment_id IS NULL;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER carrier_shipment_registered AFTER INSERT ON shipments
  FOR EACH ROW WHEN (NEW.carrier IS NOT NULL) EXECUTE FUNCTION carrier_shipment_registered();
