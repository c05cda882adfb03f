ALTER TABLE "shipments" ADD COLUMN "packages_view" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "events_view" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
-- Backfill the read model of existing shipments from the source tables (same shapes as the repository writes).
UPDATE "shipments" s SET
  "packages_view" = coalesce((select jsonb_agg(jsonb_build_object('id', p.id, 'trackingNumber', p.tracking_number, 'weight', p.weight::float8,
      'dimensions', p.dimensions, 'contents', p.contents) order by p.seq) from "packages" p where p.shipment_id = s.id), '[]'::jsonb),
  "events_view" = coalesce((select jsonb_agg(jsonb_build_object('id', e.id, 'status', e.status, 'location', e.location, 'notes', e.notes,
      'timestamp', to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) order by e.occurred_at, e.id)
    from "tracking_events" e where e.shipment_id = s.id), '[]'::jsonb);
