import {
  sql,
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  json,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from './orm.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();

export const companies = pgTable(
  'companies',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    industry: text('industry'),
    tier: text('tier', { enum: ['starter', 'professional', 'enterprise'] }).notNull(),
    status: text('status', { enum: ['active', 'suspended'] })
      .notNull()
      .default('active'),
    /** Concurrent active shipments the company can carry; the 90 % rule applies to it. */
    capacity: integer('capacity').notNull(),
    /** Shipments per calendar month (UTC); null = unlimited. */
    monthlyQuota: integer('monthly_quota'),
    /** Requests per minute; null = unlimited. */
    rateLimitPerMinute: integer('rate_limit_per_minute'),
    balance: numeric('balance', { precision: 14, scale: 2 }).notNull().default('0'),
    /**
     * Demand multiplier of this company's quotes (0.90–1.30), moved by the balance engine's pricing run
     * from system and company utilization (docs/balance.md "Pricing").
     */
    priceMultiplier: numeric('price_multiplier', { precision: 4, scale: 2 }).notNull().default('1.00'),
    priceMultiplierAt: ts('price_multiplier_at'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('companies_email_uq').on(sql`lower(${t.email})`)],
);

/**
 * Per-company counters behind the capacity and quota checks. They are changed in the same
 * transaction as the shipments they count, so a check never reads a count that a concurrent
 * request is about to change (the row lock serialises creates per company).
 */
export const companyUsage = pgTable('company_usage', {
  companyId: text('company_id')
    .primaryKey()
    .references(() => companies.id, { onDelete: 'cascade' }),
  activeShipments: integer('active_shipments').notNull().default(0),
  /** 'YYYY-MM' (UTC) that monthShipments counts */
  period: text('period').notNull(),
  monthShipments: integer('month_shipments').notNull().default(0),
  // Its record as assignee, kept by the statement that moves a shipment to a final status, so the
  // balance engine reads every company's history in one small query instead of scanning shipments.
  /** Shipments it delivered as assignee. */
  delivered: integer('delivered').notNull().default(0),
  /** Of those, delivered at or before their estimated delivery time (or without one). */
  deliveredOnTime: integer('delivered_on_time').notNull().default(0),
  /** Shipments assigned to it that ended failed or returned. */
  failed: integer('failed').notNull().default(0),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The public key `ff_sk_live_…`; an identifier, not a secret. */
    key: text('key').notNull(),
    /** SHA-256 (hex) of the secret; the secret itself is never stored. */
    secretHash: text('secret_hash').notNull(),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_key_uq').on(t.key), index('api_keys_company_idx').on(t.companyId)],
);

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    description: text('description'),
    /**
     * The `whsec_…` signing secret, sealed (AES-GCM, keyed from JWT_SECRET, endpoint id as context:
     * modules/webhooks/secret-box.ts). Null only for rows registered before deliveries existed: the
     * first delivery creates one, and the partner reads it by rotating.
     */
    secretSealed: text('secret_sealed'),
    /** After a rotation the old secret keeps signing beside the new one until this time (24 h). */
    previousSecretSealed: text('previous_secret_sealed'),
    previousSecretExpiresAt: ts('previous_secret_expires_at'),
    /** Why and when it was switched off (all attempts failed, 410 Gone, by the partner, by an admin). */
    disabledReason: text('disabled_reason'),
    disabledAt: ts('disabled_at'),
    // Delivery health, kept by the delivery worker (test sends are not counted).
    successCount: integer('success_count').notNull().default(0),
    failureCount: integer('failure_count').notNull().default(0),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    lastSuccessAt: ts('last_success_at'),
    lastFailureAt: ts('last_failure_at'),
    lastFailureReason: text('last_failure_reason'),
    /** The last time a success ended a run of failures: "recovered" in the admin view. */
    recoveredAt: ts('recovered_at'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_company_idx').on(t.companyId)],
);

/**
 * One row per event × endpoint, inserted by a trigger on `events` (migration 0002) in the event's own
 * transaction. It is also the delivery queue: the worker claims rows whose `next_attempt_at` has come
 * (FOR UPDATE SKIP LOCKED), pushing it forward by a lease so a crashed worker's claims come back.
 */
export const webhookMessages = pgTable(
  'webhook_messages',
  {
    /** `msg_…`: the `webhook-id` header and the payload's `webhookId`, the same on every attempt. */
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    companyId: text('company_id').notNull(),
    /** Null for test sends. */
    eventId: text('event_id').references(() => events.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    /** The exact body, built at the first attempt and sent unchanged on every later one. */
    payload: text('payload'),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] })
      .notNull()
      .default('pending'),
    /** 'event' (fan-out), 'replay' (resent by a partner or admin), 'test' (POST …/test). */
    trigger: text('trigger', { enum: ['event', 'replay', 'test'] })
      .notNull()
      .default('event'),
    /** Attempts started; a claim increments it. */
    attempts: integer('attempts').notNull().default(0),
    /** When the next attempt is due (pending only); while an attempt runs, the end of its lease. */
    nextAttemptAt: ts('next_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: ts('delivered_at'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  // Every claim and completion rewrites the row in every index (next_attempt_at is indexed, so no HOT
  // update): the indexes are few and partial where they can be.
  (t) => [
    uniqueIndex('webhook_messages_event_endpoint_uq').on(t.eventId, t.endpointId),
    index('webhook_messages_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    /** Replay "every failed message since …". */
    index('webhook_messages_failed_idx')
      .on(t.endpointId, t.createdAt)
      .where(sql`${t.status} = 'failed'`),
    /** Retention; BRIN: rows arrive in time order, and a BRIN entry costs next to nothing to keep. */
    index('webhook_messages_created_brin').using('brin', t.createdAt),
  ],
);

/**
 * The seed's WebhookLog: one row per attempt. Append-only and without foreign keys (the hot path
 * inserts many at once); deleting an endpoint deletes its rows, retention prunes the rest.
 */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: text('message_id').notNull(),
    endpointId: text('endpoint_id').notNull(),
    companyId: text('company_id').notNull(),
    eventType: text('event_type').notNull(),
    attempt: integer('attempt').notNull(),
    trigger: text('trigger').notNull(),
    success: boolean('success').notNull(),
    statusCode: integer('status_code'),
    /** At most 4 KB (UTF-8), cut at a character boundary. */
    responseBody: text('response_body'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    /** When the attempt was sent. */
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_attempts_endpoint_idx').on(t.endpointId, t.createdAt.desc(), t.id.desc()),
    index('webhook_attempts_message_idx').on(t.messageId),
    index('webhook_attempts_created_brin').using('brin', t.createdAt),
  ],
);

/** Things an operator must look at (seed: "Send admin alert"). One open alert per endpoint and kind. */
export const adminAlerts = pgTable(
  'admin_alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    companyId: text('company_id'),
    endpointId: text('endpoint_id'),
    details: jsonb('details'),
    /** info | warning | critical */
    severity: text('severity').notNull().default('warning'),
    /**
     * What a condition-based alert (an anomaly) is about, e.g. `company:cmp_…`, `shipment:shp_…`,
     * `ip:…`: one row per (kind, subject) while the condition lasts, resolved when it clears.
     */
    subject: text('subject'),
    /** The last evaluation that still saw the condition. */
    lastSeenAt: ts('last_seen_at'),
    /** Set when the condition cleared; an acknowledged anomaly stays open until then. */
    resolvedAt: ts('resolved_at'),
    createdAt: createdAt(),
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
  },
  (t) => [
    uniqueIndex('admin_alerts_open_uq')
      .on(t.endpointId, t.kind)
      .where(sql`${t.acknowledgedAt} is null`),
    uniqueIndex('admin_alerts_subject_open_uq')
      .on(t.kind, t.subject)
      .where(sql`${t.subject} is not null and ${t.resolvedAt} is null`),
    index('admin_alerts_created_idx').on(t.createdAt),
  ],
);

export const admins = pgTable(
  'admins',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    // Every admin token carries the generation it was issued under; a password reset raises it, so
    // tokens issued before stop working (checked on every request, cached, invalidated by NOTIFY).
    tokenGeneration: integer('token_generation').notNull().default(0),
    createdAt: createdAt(),
    lastLoginAt: ts('last_login_at'),
  },
  (t) => [uniqueIndex('admins_email_uq').on(sql`lower(${t.email})`)],
);

export const shipments = pgTable(
  'shipments',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    assignedCompanyId: text('assigned_company_id').references(() => companies.id),
    trackingNumber: text('tracking_number').notNull(),
    status: text('status').notNull(),
    customerName: text('customer_name').notNull(),
    customerEmail: text('customer_email').notNull(),
    customerPhone: text('customer_phone').notNull(),
    pickupAddress: text('pickup_address').notNull(),
    dropoffAddress: text('dropoff_address').notNull(),
    totalCost: numeric('total_cost', { precision: 12, scale: 2 }),
    /** local | regional | national: the distance class the quote used (docs/balance.md "Pricing"). */
    distanceClass: text('distance_class'),
    /** How `total_cost` was quoted (its parts and the multiplier); null when the creator set the price. */
    priceQuote: jsonb('price_quote'),
    estimatedDelivery: ts('estimated_delivery'),
    /** When it was assigned to a company (by the balance engine or an admin). */
    assignedAt: ts('assigned_at'),
    /** When it reached `delivered`: the on-time rate compares it with `estimated_delivery`. */
    deliveredAt: ts('delivered_at'),
    currentLocation: text('current_location'),
    /**
     * Read model: the packages and tracking events as the API shows them, kept by the same statements
     * that write `packages` / `tracking_events` (which stay the source of truth). Reads of one shipment
     * (tracking, get, list) are then a single-row fetch with no aggregation.
     */
    /**
     * Set when the shipment travels with an Indonesian carrier under the carrier's AWB:
     * it is tracked through the carrier gateway and callbacks, never distributed to partner companies.
     */
    carrier: text('carrier'),
    carrierAwb: text('carrier_awb'),
    /** The carrier's latest raw status (code or text), as last seen. */
    carrierRawStatus: text('carrier_raw_status'),
    /** When the carrier was last asked (refresh schedule, CMS tracking) or last pushed an update. */
    carrierCheckedAt: ts('carrier_checked_at'),
    /** When `pod.received` was recorded for this shipment (once per shipment; several companies may track one AWB). */
    podNotifiedAt: ts('pod_notified_at'),
    packagesView: jsonb('packages_view')
      .notNull()
      .default(sql`'[]'::jsonb`),
    eventsView: jsonb('events_view')
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('shipments_tracking_number_uq').on(t.trackingNumber),
    index('shipments_company_created_idx').on(t.companyId, t.createdAt.desc(), t.id.desc()),
    index('shipments_assigned_created_idx')
      .on(t.assignedCompanyId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.assignedCompanyId} is not null`),
    index('shipments_unassigned_idx')
      .on(t.createdAt, t.id)
      .where(sql`${t.assignedCompanyId} is null and ${t.status} = 'pending' and ${t.carrier} is null`),
    /** Anomalies: open shipments past their estimated delivery. */
    index('shipments_open_eta_idx')
      .on(t.estimatedDelivery)
      .where(sql`${t.status} not in ('delivered', 'failed', 'returned', 'cancelled')`),
    /** Anomalies: moving shipments without news (updated_at changes with every status change). */
    index('shipments_moving_updated_idx')
      .on(t.updatedAt)
      .where(sql`${t.status} in ('picked_up', 'in_transit', 'out_for_delivery')`),
    /** On-time rate over a recent window, per assignee. */
    index('shipments_delivered_idx')
      .on(t.deliveredAt)
      .where(sql`${t.deliveredAt} is not null`),
    // Every company that registers an AWB tracks it (one shipment each); a company registers it once.
    uniqueIndex('shipments_carrier_awb_uq')
      .on(t.carrier, t.carrierAwb, t.companyId)
      .where(sql`${t.carrier} is not null`),
    /** The refresh schedule: active carrier shipments, least recently checked first. */
    index('shipments_carrier_refresh_idx')
      .on(t.carrier, t.carrierCheckedAt)
      .where(sql`${t.carrier} is not null and ${t.status} not in ('delivered', 'returned', 'cancelled')`),
  ],
);

export const packages = pgTable(
  'packages',
  {
    id: text('id').primaryKey(),
    shipmentId: text('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    weight: numeric('weight', { precision: 10, scale: 3 }).notNull(),
    dimensions: text('dimensions'),
    contents: text('contents'),
  },
  (t) => [uniqueIndex('packages_shipment_seq_uq').on(t.shipmentId, t.seq)],
);

export const trackingEvents = pgTable(
  'tracking_events',
  {
    id: text('id').primaryKey(),
    shipmentId: text('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    location: text('location'),
    notes: text('notes'),
    companyId: text('company_id'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
    /** Carrier events only: the carrier's raw code, verbatim (the text is in `notes`). */
    rawCode: text('raw_code'),
  },
  (t) => [
    index('tracking_events_shipment_idx').on(t.shipmentId, t.occurredAt),
    /** A carrier event seen again (callback and poll, or a resent callback) is the same event. */
    uniqueIndex('tracking_events_carrier_uq')
      .on(t.shipmentId, t.occurredAt, t.rawCode)
      .where(sql`${t.rawCode} is not null`),
  ],
);

/**
 * The seed's `proof_of_delivery`: who received a carrier shipment and the photo, one row per carrier
 * AWB. Written by the JNE callback (the photo), by CMS tracking when no row exists yet, and read as the
 * fallback when a carrier's answer lacks them. `shipment_id` is null for AWBs the hub does not know.
 */
export const proofOfDelivery = pgTable(
  'proof_of_delivery',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    carrier: text('carrier').notNull(),
    awb: text('awb').notNull(),
    shipmentId: text('shipment_id').references(() => shipments.id, { onDelete: 'set null' }),
    receiverName: text('receiver_name'),
    imageUrl: text('image_url'),
    /** The receiver's relation to the addressee as the carrier reports it ("YBS" self, a family member, security…). */
    relation: text('relation'),
    /** A link to the receiver's signature image, when the carrier has one. */
    signatureUrl: text('signature_url'),
    /** The carrier's POD code (JNE D01…) and when it says the parcel was delivered. */
    podCode: text('pod_code'),
    deliveredAt: ts('delivered_at'),
    /** 'callback' | 'tracking': where the row's values came from first. */
    source: text('source').notNull(),
    /** When `pod.received` was recorded for the shipment (once, whoever saved the POD first). */
    notifiedAt: ts('notified_at'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('proof_of_delivery_awb_uq').on(t.carrier, t.awb), index('proof_of_delivery_shipment_idx').on(t.shipmentId)],
);

/**
 * Every carrier callback as received: the raw body, kept for audit and replay, accepted
 * or rejected. An accepted row is also an outbox entry: the relay publishes it to the
 * `callback-update-status` queue (and NSQ) and stamps `published_at`; the consumer stamps `applied_at`.
 * Exact duplicates (same carrier, same body hash) are not stored again: `duplicates` counts them.
 */
export const carrierCallbacks = pgTable(
  'carrier_callbacks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    carrier: text('carrier').notNull(),
    /** accepted → published → applied; `dead`: accepted, but set aside after repeated publish or apply failures (replayable). */
    status: text('status', { enum: ['accepted', 'rejected', 'dead'] }).notNull(),
    /** Stable error code of a rejection (CALLBACK_UNAUTHORIZED, CALLBACK_INVALID, …). */
    rejectCode: text('reject_code'),
    remoteIp: text('remote_ip'),
    /** SHA-256 (hex) of the raw body; null for rejected rows (never deduplicated). */
    bodyHash: text('body_hash'),
    /** The body exactly as received (rejected ones are cut to 8 KB). */
    rawBody: text('raw_body').notNull(),
    awb: text('awb'),
    duplicates: integer('duplicates').notNull().default(0),
    receivedAt: ts('received_at').notNull().defaultNow(),
    publishedAt: ts('published_at'),
    nsqPublishedAt: ts('nsq_published_at'),
    appliedAt: ts('applied_at'),
    /** What applying it did or why it could not (no such shipment, …). */
    applyNote: text('apply_note'),
    /** Failed publish attempts (a failing row is retried with backoff, then dead-lettered). */
    attempts: integer('attempts').notNull().default(0),
    /** Not retried before this time (backoff after a failed attempt). */
    retryAt: ts('retry_at'),
    lastError: text('last_error'),
    deadAt: ts('dead_at'),
  },
  (t) => [
    uniqueIndex('carrier_callbacks_hash_uq').on(t.carrier, t.bodyHash),
    index('carrier_callbacks_unpublished_idx')
      .on(t.id)
      .where(sql`${t.status} = 'accepted' and ${t.publishedAt} is null`),
    index('carrier_callbacks_awb_idx').on(t.carrier, t.awb),
    index('carrier_callbacks_received_brin').using('brin', t.receivedAt),
    index('carrier_callbacks_dead_idx')
      .on(t.id)
      .where(sql`${t.status} = 'dead'`),
  ],
);

/**
 * Domain events, written in the same transaction as the change they report. Webhook fan-out
 * reads them (ordered by `seq`); `company_ids` are the companies concerned.
 */
export const events = pgTable(
  'events',
  {
    id: text('id').primaryKey(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    companyIds: text('company_ids').array().notNull(),
    shipmentId: text('shipment_id'),
    data: jsonb('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('events_seq_uq').on(t.seq), index('events_shipment_idx').on(t.shipmentId)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    companyId: text('company_id').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    /**
     * Who holds the key: a random token written by each claim (and by a takeover of a stale one). The
     * answer is stored, and a shipment created, only under the claim that is still current, so a
     * request whose key was taken over can no longer act on it.
     */
    claim: text('claim'),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.key] }), index('idempotency_expires_idx').on(t.expiresAt)],
);

export const apiLogs = pgTable(
  'api_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: createdAt(),
    kind: text('kind').notNull(),
    ip: text('ip'),
    apiKey: text('api_key'),
    apiKeyId: text('api_key_id'),
    companyId: text('company_id'),
    outcome: text('outcome').notNull(),
    statusCode: integer('status_code').notNull(),
    userAgent: text('user_agent'),
    /** Every partner and gateway request (kind `request`): the method, the route's pattern (`/v2/public/orders/:id`, never the raw URL), the time to answer and the request id. Null on the login rows written before. */
    method: text('method'),
    route: text('route'),
    durationMs: real('duration_ms'),
    requestId: text('request_id'),
  },
  (t) => [
    index('api_logs_at_idx').on(t.at),
    index('api_logs_company_idx').on(t.companyId, t.at),
    index('api_logs_route_idx').on(t.route, t.at),
    // The credential checks (logins, token requests) among millions of request rows: what the failed-auth alerts and anomalies scan.
    index('api_logs_credentials_at_idx')
      .on(t.at)
      .where(sql`${t.kind} <> 'request'`),
  ],
);

/**
 * The API log's request rows rolled up per second, route and method, written with them (same
 * transaction): what the alert rules read, so that evaluating a window costs a few hundred rows, not
 * every request of the last five minutes. `latency` counts requests per bucket of REQUEST_LATENCY_BOUNDS_MS
 * (src/modules/auth/api-log.ts), the last element being slower than the last bound. Append-only: a
 * second of a route may have several rows (one per batch); readers sum them.
 */
export const apiLogRollups = pgTable(
  'api_log_rollups',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The second the requests were answered in. */
    at: ts('at').notNull(),
    method: text('method').notNull(),
    route: text('route').notNull(),
    requests: integer('requests').notNull(),
    /** Answers with a 5xx status. */
    errors: integer('errors').notNull(),
    latency: integer('latency').array().notNull(),
  },
  (t) => [index('api_log_rollups_at_idx').on(t.at)],
);

/**
 * Requests refused with 429, counted per minute (UTC) and per (policy, address, company, API key): the
 * recorder in src/http/rate-limit-refusals.ts adds its in-memory counts every few seconds, so an abusive
 * client costs one row update per flush, not one insert per refused request. '' (not null) for an unknown
 * company or key, so that the primary key serves the upsert.
 */
export const rateLimitRefusals = pgTable(
  'rate_limit_refusals',
  {
    windowStart: ts('window_start').notNull(),
    policy: text('policy').notNull(),
    ip: text('ip').notNull().default(''),
    companyId: text('company_id').notNull().default(''),
    apiKeyId: text('api_key_id').notNull().default(''),
    count: integer('count').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.windowStart, t.policy, t.ip, t.companyId, t.apiKeyId] }),
    index('rate_limit_refusals_window_idx').on(t.windowStart),
  ],
);

export const activityLogs = pgTable(
  'activity_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: createdAt(),
    actorType: text('actor_type', { enum: ['admin', 'partner', 'system'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    subjectId: text('subject_id'),
    /**
     * `json`, not `jsonb`: an audit record is written once and read whole, never queried inside. `jsonb`
     * would convert every number to `numeric` on the way in — a balance run writes 10,000 of these
     * records with 16 numbers each, and that conversion was a tenth of the run's assignment time.
     * `json` checks the text is valid and keeps it as written.
     */
    details: json('details'),
  },
  (t) => [
    index('activity_logs_at_idx').on(t.at),
    /** A shipment's assignment decision (GET /api/admin/shipments/:id/decision). */
    index('activity_logs_subject_idx')
      .on(t.subjectId, t.at.desc())
      .where(sql`${t.subjectId} is not null`),
  ],
);

/**
 * One row per balance engine run (`POST /api/admin/ai` or the 15-minute schedule), dry runs included.
 * `decisions` is the run's decisions, compact (one array per shipment: docs/balance.md "Runs").
 */
export const balanceRuns = pgTable(
  'balance_runs',
  {
    id: text('id').primaryKey(),
    action: text('action', { enum: ['distribute', 'pricing', 'anomalies', 'all'] }).notNull(),
    dryRun: boolean('dry_run').notNull(),
    /** 'schedule' or 'admin' */
    trigger: text('trigger').notNull(),
    adminId: text('admin_id'),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    report: jsonb('report').notNull(),
    decisions: jsonb('decisions')
      .notNull()
      .default(sql`'[]'::jsonb`),
  },
  (t) => [index('balance_runs_started_idx').on(t.startedAt.desc(), t.id.desc())],
);

/**
 * One row per running worker process (role `worker` or `all`), refreshed every few seconds, so an API
 * process's /readyz can tell that webhooks and jobs are being worked — or that no worker is alive.
 * `last_seen` is the database's clock, so hosts with skewed clocks still agree on a row's age.
 */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  id: text('id').primaryKey(),
  role: text('role').notNull(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: ts('started_at').notNull(),
  lastSeen: ts('last_seen').notNull().defaultNow(),
});

/**
 * POD backfill runs (docs/pod.md "Backfill"): at most one open run (`running` or `paused`) at a time,
 * across processes (the partial unique index). `cursor` is each carrier's last AWB whose row and every
 * row before it have a recorded outcome; `heartbeat_at` is refreshed by the process running it, so a
 * run whose process died can be taken over.
 */
export const podBackfillRuns = pgTable(
  'pod_backfill_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** 'running' | 'paused' (interrupted, resumable) | 'finished' | 'failed' | 'cancelled' */
    status: text('status').notNull(),
    /** 'cli' | 'admin' */
    trigger: text('trigger').notNull(),
    options: jsonb('options').notNull(),
    cursor: jsonb('cursor')
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** The final report (counters by carrier, carriers given up), set when the run ends or pauses. */
    report: jsonb('report'),
    error: text('error'),
    startedAt: ts('started_at').notNull().defaultNow(),
    heartbeatAt: ts('heartbeat_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    uniqueIndex('pod_backfill_runs_one_open')
      .on(sql`(true)`)
      .where(sql`status in ('running', 'paused')`),
    index('pod_backfill_runs_started_idx').on(t.startedAt.desc(), t.id.desc()),
  ],
);

/**
 * One row per candidate a backfill run has dealt with, and how: `filled`, `still_empty` (the carrier
 * has no name yet) or `failed` (after retries; `error` says why). A run never tracks a row twice; a
 * later run skips `still_empty` rows checked within its recheck window.
 */
export const podBackfillItems = pgTable(
  'pod_backfill_items',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => podBackfillRuns.id, { onDelete: 'cascade' }),
    carrier: text('carrier').notNull(),
    awb: text('awb').notNull(),
    outcome: text('outcome').notNull(),
    attempts: integer('attempts').notNull(),
    error: text('error'),
    checkedAt: ts('checked_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.carrier, t.awb] }), index('pod_backfill_items_awb_idx').on(t.carrier, t.awb, t.checkedAt)],
);

/**
 * Order reports (docs/reports.md): one row per requested export. The file itself lives in the object
 * store under `object_key` until `expires_at`; the sweep then deletes it and marks the row expired.
 */
export const reports = pgTable(
  'reports',
  {
    id: text('id').primaryKey(),
    /** The company whose shipments the report lists; null: an admin's report over every company. */
    companyId: text('company_id').references(() => companies.id, { onDelete: 'cascade' }),
    /** Who asked: an API key id (`key_…`) or an admin id (`adm_…`). */
    requestedBy: text('requested_by').notNull(),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    bom: boolean('bom').notNull().default(false),
    /** The filters as asked (from, to, status[], carrier, assignee). */
    filters: jsonb('filters').notNull(),
    status: text('status', { enum: ['pending', 'running', 'ready', 'failed', 'expired'] }).notNull(),
    rows: integer('rows'),
    bytes: bigint('bytes', { mode: 'number' }),
    objectKey: text('object_key'),
    /** A safe, user-facing reason when the export failed. */
    error: text('error'),
    createdAt: createdAt(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    expiresAt: ts('expires_at'),
  },
  (t) => [
    index('reports_company_created_idx').on(t.companyId, t.createdAt.desc()),
    index('reports_expiry_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'ready'`),
  ],
);

/**
 * The alert evaluator's turn (docs/alerts.md): every process ticks, and the one whose conditional upsert
 * moves `last_run_at` runs the evaluation, so there is one evaluation per interval cluster-wide, by the
 * database's clock, whichever processes are alive (an API process evaluates when no worker is left).
 */
export const alertEvaluator = pgTable('alert_evaluator', {
  id: integer('id').primaryKey(),
  lastRunAt: ts('last_run_at').notNull(),
});

/**
 * Carrier circuit breakers that are not closed, per process (breakers live in each process's memory):
 * each process rewrites its own rows every few seconds, so a row whose `seen_at` is old belongs to a
 * process that is gone. The alert evaluator reads them (alert.carrier_circuit_open).
 */
export const carrierCircuits = pgTable(
  'carrier_circuits',
  {
    processId: text('process_id').notNull(),
    carrier: text('carrier').notNull(),
    /** open | half_open */
    state: text('state').notNull(),
    openedAt: ts('opened_at').notNull(),
    seenAt: ts('seen_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.processId, t.carrier] })],
);

/**
 * "Notify me" sign-ups on the public tracking page: an email address per shipment, confirmed by a link
 * before anything is sent to it (double opt-in), with its own unsubscribe link. The links' tokens are
 * HMACs of the row id (src/modules/track/tokens.ts), so none is stored; the address goes with the shipment.
 */
export const trackingSubscriptions = pgTable(
  'tracking_subscriptions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shipmentId: text('shipment_id')
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** `id` | `en`: the language of the page it was made on; its mails are written in it. */
    language: text('language').notNull(),
    confirmationSentAt: ts('confirmation_sent_at').notNull().defaultNow(),
    confirmedAt: ts('confirmed_at'),
    unsubscribedAt: ts('unsubscribed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('tracking_subscriptions_shipment_email_uq').on(t.shipmentId, sql`lower(${t.email})`),
    /** What the events trigger looks up for every status change: a shipment's confirmed, active sign-ups. */
    index('tracking_subscriptions_active_idx')
      .on(t.shipmentId)
      .where(sql`${t.confirmedAt} is not null and ${t.unsubscribedAt} is null`),
  ],
);

/**
 * Status-change mails owed to confirmed sign-ups: an outbox filled by the `events` trigger (migration
 * 0020) in the transaction that changes the status, drained by the tracking notifier, which queues
 * the mails and stamps `sent_at` in one transaction.
 */
export const trackingNotifications = pgTable(
  'tracking_notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subscriptionId: bigint('subscription_id', { mode: 'number' })
      .notNull()
      .references(() => trackingSubscriptions.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    status: text('status').notNull(),
    location: text('location'),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('tracking_notifications_event_uq').on(t.subscriptionId, t.eventId),
    index('tracking_notifications_due_idx')
      .on(t.id)
      .where(sql`${t.sentAt} is null`),
  ],
);
