CREATE TABLE "tracking_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscription_id" bigint NOT NULL,
	"event_id" text NOT NULL,
	"status" text NOT NULL,
	"location" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tracking_subscriptions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shipment_id" text NOT NULL,
	"email" text NOT NULL,
	"language" text NOT NULL,
	"confirmation_sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tracking_notifications" ADD CONSTRAINT "tracking_notifications_subscription_id_tracking_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."tracking_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_subscriptions" ADD CONSTRAINT "tracking_subscriptions_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_notifications_event_uq" ON "tracking_notifications" USING btree ("subscription_id","event_id");--> statement-breakpoint
CREATE INDEX "tracking_notifications_due_idx" ON "tracking_notifications" USING btree ("id") WHERE "tracking_notifications"."sent_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_subscriptions_shipment_email_uq" ON "tracking_subscriptions" USING btree ("shipment_id",lower("email"));--> statement-breakpoint
CREATE INDEX "tracking_subscriptions_active_idx" ON "tracking_subscriptions" USING btree ("shipment_id") WHERE "tracking_subscriptions"."confirmed_at" is not null and "tracking_subscriptions"."unsubscribed_at" is null;--> statement-breakpoint
-- "Notify me" (hand-written; drizzle-kit does not manage triggers): every status change of a shipment
-- with confirmed sign-ups becomes one tracking_notifications row per sign-up, in the transaction that
-- records the change's event, whoever records it (partner API, carrier callbacks and polls, admin).
-- `assigned` is an internal step, not a stage the customer sees; detail-only updates keep their status.
-- Once per statement, like webhook_fanout; the NOTIFY (sent on commit) wakes the tracking notifier.
CREATE FUNCTION tracking_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tracking_notifications (subscription_id, event_id, status, location)
  SELECT s.id, n.id, n.data->>'currentStatus', n.data->>'location'
  FROM new_events n
  JOIN tracking_subscriptions s ON s.shipment_id = n.shipment_id AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
  WHERE n.shipment_id IS NOT NULL
    AND n.type IN ('shipment.updated', 'shipment.delivered', 'shipment.cancelled')
    AND n.data->>'currentStatus' IS DISTINCT FROM n.data->>'previousStatus'
    AND n.data->>'currentStatus' <> 'assigned'
  ON CONFLICT DO NOTHING;
  IF FOUND THEN
    PERFORM pg_notify('ff_tracking', '');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER events_tracking_notify AFTER INSERT ON events REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION tracking_notify();
