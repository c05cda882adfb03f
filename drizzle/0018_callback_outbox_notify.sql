-- Wake the callback relay of every worker process when a callback becomes publishable (hand-written;
-- drizzle-kit does not manage triggers): an accepted callback stored by an API process, a replay, or a
-- shipment registering the AWB (carrier_shipment_registered puts its callbacks back in the outbox).
-- The NOTIFY is sent on commit, like webhook_fanout's 'ff_webhooks'; notifications of one transaction
-- with the same payload are folded into one. Row triggers with WHEN: rows that do not qualify (the
-- relay's own stamps, applied marks, duplicates' counters) never call the function.
CREATE FUNCTION carrier_callback_publishable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ff_callbacks', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER carrier_callbacks_notify_insert AFTER INSERT ON carrier_callbacks
  FOR EACH ROW WHEN (NEW.status = 'accepted' AND NEW.published_at IS NULL)
  EXECUTE FUNCTION carrier_callback_publishable();
--> statement-breakpoint
CREATE TRIGGER carrier_callbacks_notify_requeue AFTER UPDATE OF published_at, status ON carrier_callbacks
  FOR EACH ROW WHEN (NEW.status = 'accepted' AND NEW.published_at IS NULL AND (OLD.published_at IS NOT NULL OR OLD.status <> 'accepted'))
  EXECUTE FUNCTION carrier_callback_publishable();
