-- Webhook fan-out once per statement instead of once per event (hand-written; drizzle-kit does not manage
-- triggers). Same rule as before: every event gets one message per enabled endpoint of its companies that
-- subscribes to its type, in the event's own transaction. A statement that records thousands of events
-- (the balance engine assigns thousands of shipments in one) now fans out with one set-based insert and one
-- NOTIFY, instead of one trigger call, one endpoint lookup and one NOTIFY per event.
DROP TRIGGER events_webhook_fanout ON events;
--> statement-breakpoint
DROP FUNCTION webhook_fanout();
--> statement-breakpoint
CREATE FUNCTION webhook_fanout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_messages (id, endpoint_id, company_id, event_id, event_type, next_attempt_at)
  SELECT 'msg_' || left(encode(sha256(uuid_send(gen_random_uuid())), 'hex'), 20), e.id, e.company_id, n.id, n.type, now()
  FROM new_events n
  JOIN webhook_endpoints e ON e.company_id = ANY (n.company_ids) AND e.enabled AND n.type = ANY (e.events);
  IF FOUND THEN
    PERFORM pg_notify('ff_webhooks', '');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER events_webhook_fanout AFTER INSERT ON events REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION webhook_fanout();
